package io.pipeline.alert.deadline;

import io.pipeline.store.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The deadline_watch and deadline_miss tables. Joins the caller's transaction. */
public final class DeadlineStore {

    /** The run-level watch's task id in the tables (the primary key cannot hold null). */
    private static final String RUN = "";

    private static final String ARM = """
            INSERT INTO deadline_watch (dag_id, run_id, task_id, logical_date, date_label, due_at, due_zone,
                                        deadline, armed_at)
            VALUES (:dag, :run, :task, :logicalDate, :label, :dueAt, :zone, :deadline, :at)
            ON CONFLICT (dag_id, run_id, task_id) DO NOTHING
            """;

    /* Overdue, unsucceeded, not yet reported; SKIP LOCKED lets several checkers share the work. */
    private static final String MARK_MISSED = """
            UPDATE deadline_watch w SET missed_at = :now
            FROM (SELECT dag_id, run_id, task_id FROM deadline_watch
                  WHERE succeeded_at IS NULL AND missed_at IS NULL AND due_at <= :now
                  ORDER BY due_at LIMIT :limit
                  FOR UPDATE SKIP LOCKED) due
            WHERE w.dag_id = due.dag_id AND w.run_id = due.run_id AND w.task_id = due.task_id
            RETURNING w.*
            """;

    private static final String SUCCEED = """
            UPDATE deadline_watch SET succeeded_at = :at
            WHERE dag_id = :dag AND run_id = :run AND task_id = :task AND succeeded_at IS NULL
            RETURNING *
            """;

    private static final String INSERT_MISS = """
            INSERT INTO deadline_miss (dag_id, run_id, task_id, logical_date, deadline, due_at, detected_at)
            VALUES (:dag, :run, :task, :logicalDate, :deadline, :dueAt, :at)
            ON CONFLICT ON CONSTRAINT deadline_miss_once DO NOTHING
            RETURNING id
            """;

    private static final String MISS_COLUMNS = """
            SELECT id, dag_id, run_id, task_id, logical_date, deadline, due_at, detected_at, succeeded_at, late_by_ms
            FROM deadline_miss
            """;

    private final JdbcClient jdbc;

    public DeadlineStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Starts watching; a watch that exists already is kept as it is (runs re-enter running after a retry). */
    public void arm(DeadlineWatch w, Instant at) {
        jdbc.sql(ARM)
                .param("dag", w.dagId()).param("run", w.runId()).param("task", key(w.taskId()))
                .param("logicalDate", Timestamps.toDb(w.logicalDate())).param("label", w.dateLabel())
                .param("dueAt", Timestamps.toDb(w.dueAt())).param("zone", w.dueZone().getId())
                .param("deadline", w.deadline()).param("at", Timestamps.toDb(at))
                .update();
    }

    /** Marks up to {@code limit} overdue watches as missed and returns them. */
    public List<DeadlineWatch> markMissed(Instant now, int limit) {
        return jdbc.sql(MARK_MISSED).param("now", Timestamps.toDb(now)).param("limit", limit)
                .query(DeadlineStore::watch).list();
    }

    /** Records the success of a watched run or task; empty when it is not watched or succeeded before. */
    public Optional<Succeeded> succeed(String dagId, String runId, String taskId, Instant at) {
        return jdbc.sql(SUCCEED).param("dag", dagId).param("run", runId).param("task", key(taskId))
                .param("at", Timestamps.toDb(at))
                .query((rs, i) -> new Succeeded(watch(rs, i), Timestamps.read(rs, "missed_at") != null))
                .optional();
    }

    /** @param wasReported the checker had already raised the miss before the success */
    public record Succeeded(DeadlineWatch watch, boolean wasReported) {
    }

    /** Records a miss once; false when it was recorded before. */
    public boolean insertMiss(DeadlineWatch w, Instant detectedAt) {
        return jdbc.sql(INSERT_MISS)
                .param("dag", w.dagId()).param("run", w.runId()).param("task", key(w.taskId()))
                .param("logicalDate", Timestamps.toDb(w.logicalDate())).param("deadline", w.deadline())
                .param("dueAt", Timestamps.toDb(w.dueAt())).param("at", Timestamps.toDb(detectedAt))
                .query(Long.class).optional().isPresent();
    }

    public void recordLateSuccess(DeadlineWatch w, Instant succeededAt) {
        jdbc.sql("""
                        UPDATE deadline_miss SET succeeded_at = :at, late_by_ms = :late
                        WHERE dag_id = :dag AND run_id = :run AND task_id = :task""")
                .param("at", Timestamps.toDb(succeededAt))
                .param("late", Duration.between(w.dueAt(), succeededAt).toMillis())
                .param("dag", w.dagId()).param("run", w.runId()).param("task", key(w.taskId()))
                .update();
    }

    /** The misses of one run (the run's own and its tasks'), oldest deadline first. */
    public List<DeadlineMiss> missesOfRun(String dagId, String runId) {
        return jdbc.sql(MISS_COLUMNS + " WHERE dag_id = :dag AND run_id = :run ORDER BY due_at, task_id")
                .param("dag", dagId).param("run", runId)
                .query(DeadlineStore::miss).list();
    }

    /** The most recently detected misses, across DAGs. */
    public List<DeadlineMiss> recentMisses(int limit, int offset) {
        return jdbc.sql(MISS_COLUMNS + " ORDER BY detected_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset)
                .query(DeadlineStore::miss).list();
    }

    private static String key(String taskId) {
        return taskId == null ? RUN : taskId;
    }

    private static DeadlineWatch watch(ResultSet rs, int i) throws SQLException {
        String task = rs.getString("task_id");
        return new DeadlineWatch(rs.getString("dag_id"), rs.getString("run_id"), task.isEmpty() ? null : task,
                Timestamps.read(rs, "logical_date"), rs.getString("date_label"), Timestamps.read(rs, "due_at"),
                ZoneId.of(rs.getString("due_zone")), rs.getString("deadline"));
    }

    private static DeadlineMiss miss(ResultSet rs, int i) throws SQLException {
        String task = rs.getString("task_id");
        long late = rs.getLong("late_by_ms");
        Duration lateBy = rs.wasNull() ? null : Duration.ofMillis(late);
        return new DeadlineMiss(rs.getLong("id"), rs.getString("dag_id"), rs.getString("run_id"),
                task.isEmpty() ? null : task, Timestamps.read(rs, "logical_date"), rs.getString("deadline"),
                Timestamps.read(rs, "due_at"), Timestamps.read(rs, "detected_at"), Timestamps.read(rs, "succeeded_at"), lateBy);
    }
}
