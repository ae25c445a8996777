package io.pipeline.store;

import io.pipeline.state.TaskState;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of task instances and their tries, for the API and the tests. Engine writes live in the engine's own stores. */
public class TaskInstanceRepository {

    static final String SELECT = """
            SELECT t.*, r.run_id AS run_run_id, r.logical_date AS run_logical_date
            FROM task_instance t JOIN dag_run r ON r.id = t.run_pk
            """;

    public static final RowMapper<TaskInstanceRow> MAPPER = (rs, n) -> {
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        return new TaskInstanceRow(rs.getLong("id"), rs.getLong("run_pk"), rs.getString("dag_id"),
                rs.getString("run_run_id"), Timestamps.read(rs, "run_logical_date"), rs.getString("task_id"),
                rs.getInt("map_index"), TaskState.of(rs.getString("state")), rs.getInt("try_number"),
                rs.getInt("max_tries"), rs.getInt("priority"), rs.getString("pool"), rs.getInt("pool_slots"),
                rs.getString("queue"), rs.getString("operator"), Timestamps.read(rs, "scheduled_at"),
                Timestamps.read(rs, "queued_at"), Timestamps.read(rs, "start_date"), Timestamps.read(rs, "end_date"),
                durationMs, Timestamps.read(rs, "next_attempt_at"), rs.getString("node_id"),
                Timestamps.read(rs, "heartbeat_at"), rs.getString("failure_reason"), rs.getString("note"),
                Timestamps.read(rs, "updated_at"), rs.getInt("version"));
    };

    static final RowMapper<TaskTryRow> TRY_MAPPER = (rs, n) -> {
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        return new TaskTryRow(rs.getLong("ti_id"), rs.getInt("try_number"), TaskState.of(rs.getString("state")),
                Timestamps.read(rs, "start_date"), Timestamps.read(rs, "end_date"), durationMs,
                rs.getString("node_id"), rs.getString("error"));
    };

    private final JdbcClient jdbc;

    public TaskInstanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The TIs of a run in task order of creation (topological), mapped instances by map index. */
    public Page<TaskInstanceRow> listForRun(long runPk, int limit, int offset) {
        List<TaskInstanceRow> rows = jdbc.sql(SELECT + " WHERE t.run_pk = :run ORDER BY t.id LIMIT :limit OFFSET :offset")
                .param("run", runPk).param("limit", limit).param("offset", offset).query(MAPPER).list();
        long total = jdbc.sql("SELECT count(*) FROM task_instance WHERE run_pk = :run")
                .param("run", runPk).query(Long.class).single();
        return new Page<>(rows, total);
    }

    public List<TaskInstanceRow> allForRun(long runPk) {
        return jdbc.sql(SELECT + " WHERE t.run_pk = :run ORDER BY t.id").param("run", runPk).query(MAPPER).list();
    }

    public Optional<TaskInstanceRow> find(long runPk, String taskId, int mapIndex) {
        return jdbc.sql(SELECT + " WHERE t.run_pk = :run AND t.task_id = :task AND t.map_index = :mi")
                .param("run", runPk).param("task", taskId).param("mi", mapIndex).query(MAPPER).optional();
    }

    public Optional<TaskInstanceRow> findById(long id) {
        return jdbc.sql(SELECT + " WHERE t.id = :id").param("id", id).query(MAPPER).optional();
    }

    /** Every instance of a task in a run (one for an unmapped task), by map index. */
    public List<TaskInstanceRow> instancesOf(long runPk, String taskId) {
        return jdbc.sql(SELECT + " WHERE t.run_pk = :run AND t.task_id = :task ORDER BY t.map_index")
                .param("run", runPk).param("task", taskId).query(MAPPER).list();
    }

    /** At most {@code limit} instances of a task in a run from map index {@code from} on, by map index. */
    public List<TaskInstanceRow> instancesOf(long runPk, String taskId, int from, int limit) {
        return jdbc.sql(SELECT + " WHERE t.run_pk = :run AND t.task_id = :task AND t.map_index >= :from"
                        + " ORDER BY t.map_index LIMIT :limit")
                .param("run", runPk).param("task", taskId).param("from", from).param("limit", limit)
                .query(MAPPER).list();
    }

    /** A task's instances in a run counted by state (a mapped task of 50,000 instances: a few rows). */
    public java.util.Map<TaskState, Integer> statesOf(long runPk, String taskId) {
        java.util.Map<TaskState, Integer> counts = new java.util.EnumMap<>(TaskState.class);
        jdbc.sql("SELECT state, count(*) AS n FROM task_instance WHERE run_pk = :run AND task_id = :task GROUP BY state")
                .param("run", runPk).param("task", taskId)
                .query((rs, i) -> counts.put(TaskState.of(rs.getString("state")), rs.getInt("n"))).list();
        return counts;
    }

    public List<TaskTryRow> tries(long tiId) {
        return jdbc.sql("SELECT * FROM task_try WHERE ti_id = :ti ORDER BY try_number")
                .param("ti", tiId).query(TRY_MAPPER).list();
    }

    /** A sensor's deadline (null when it has none or the TI is gone). */
    public Instant sensorDeadline(long id) {
        return jdbc.sql("SELECT sensor_deadline FROM task_instance WHERE id = :id").param("id", id)
                .query((rs, n) -> Timestamps.read(rs, "sensor_deadline")).optional().orElse(null);
    }
}
