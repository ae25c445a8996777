package io.pipeline.ops;

import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DagRunStateStore;
import io.pipeline.store.ProgressRepository;
import io.pipeline.store.Stores;
import io.pipeline.store.TaskInstanceStateStore;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The statements of clear and mark; the state writes are those of the gates ({@link TaskInstanceStateStore},
 * {@link DagRunStateStore}). Callers lock the runs (in id order) before their task instances: lock order
 * DAG run before task instance, as everywhere in the engine. Every write bumps the TI's version, so that a worker
 * finishing a try that was cleared or marked meanwhile writes nothing (its outcome carries the old version).
 */
class OpsRepository {

    private static final RowMapper<OpsTi> TI = (rs, n) -> new OpsTi(rs.getLong("id"), rs.getLong("run_pk"),
            rs.getString("dag_id"), rs.getString("run_id"), Timestamps.read(rs, "logical_date"),
            rs.getString("task_id"), rs.getInt("map_index"), TaskState.of(rs.getString("state")),
            rs.getInt("try_number"), rs.getInt("max_tries"), rs.getInt("version"));

    private static final String RUNS = """
            SELECT * FROM dag_run WHERE dag_id = :dag
              AND (CAST(:lower AS timestamptz) IS NULL OR logical_date >= :lower)
              AND (CAST(:upper AS timestamptz) IS NULL OR logical_date <= :upper)
            ORDER BY id
            """;

    private final JdbcClient jdbc;
    private final ProgressRepository progress;
    private final TaskInstanceStateStore tiStates;
    private final DagRunStateStore runStates;

    OpsRepository(Stores stores) {
        this.jdbc = stores.jdbc();
        this.progress = stores.progress();
        this.tiStates = stores.taskStates();
        this.runStates = stores.runStates();
    }

    /** Brings the engine's unfinished-instance counters of these runs back in line after an operator's change. */
    void recount(Collection<Long> runPks) {
        runPks.forEach(progress::recount);
    }

    /** The DAG's runs with logical date in [lower, upper] (null: open), in id order; locked unless a dry run. */
    List<DagRunRow> runs(String dagId, Instant lower, Instant upper, boolean lock) {
        return jdbc.sql(RUNS + (lock ? " FOR UPDATE" : ""))
                .param("dag", dagId).param("lower", Timestamps.toDb(lower)).param("upper", Timestamps.toDb(upper))
                .query(DagRunRepository.MAPPER).list();
    }

    /**
     * The TIs of {@code tasks} (null: every task) in the given runs, optionally only in {@code states}, by logical
     * date then creation order; locked unless a dry run (the caller holds the runs' locks).
     */
    List<OpsTi> instances(Collection<Long> runPks, Collection<String> tasks, Collection<TaskState> states,
                          boolean lock) {
        if (runPks.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT t.id, t.run_pk, t.dag_id, r.run_id, r.logical_date, t.task_id, t.map_index, t.state,
                       t.try_number, t.max_tries, t.version
                FROM task_instance t JOIN dag_run r ON r.id = t.run_pk
                WHERE t.run_pk = ANY(:runs)
                  AND (CAST(:tasks AS text[]) IS NULL OR t.task_id = ANY(CAST(:tasks AS text[])))
                  AND (cardinality(CAST(:states AS text[])) = 0 OR t.state = ANY(CAST(:states AS text[])))
                ORDER BY r.logical_date, t.id
                """ + (lock ? " FOR UPDATE OF t" : ""))
                .param("runs", runPks.stream().mapToLong(Long::longValue).toArray())
                .param("tasks", tasks == null ? null : tasks.toArray(String[]::new))
                .param("states", states.stream().map(TaskState::value).toArray(String[]::new))
                .query(TI).list();
    }

    /**
     * Ends the current try of each TI (running, or a reschedule sensor between pokes) with {@code state}, keeping
     * its start and node; the try row says why ({@code reason}).
     */
    void endTries(long[] tiIds, TaskState state, String reason, Instant now) {
        if (tiIds.length == 0) {
            return;
        }
        jdbc.sql("""
                INSERT INTO task_try (ti_id, try_number, state, start_date, end_date, duration_ms, node_id, error)
                SELECT t.id, t.try_number, :state, coalesce(t.first_poke_at, t.start_date), :now,
                       CAST(floor(extract(epoch FROM (:now - coalesce(t.first_poke_at, t.start_date, :now))) * 1000)
                            AS bigint),
                       t.node_id, :reason
                FROM task_instance t WHERE t.id = ANY(:ids) AND t.try_number > 0
                ON CONFLICT (ti_id, try_number) DO UPDATE SET state = excluded.state, end_date = excluded.end_date,
                    duration_ms = excluded.duration_ms, error = excluded.error
                """)
                .param("state", state.value()).param("now", Timestamps.toDb(now)).param("reason", reason)
                .param("ids", tiIds)
                .update();
    }

    /** TIs -> none with room for a full set of tries again; per-try fields reset, tries kept in task_try. */
    void clear(long[] tiIds, int[] maxTries, Instant now) {
        tiStates.clear(tiIds, maxTries, now);
    }

    /** TIs -> {@code to} (success, failed or skipped), as a finished try would leave them. */
    void mark(long[] tiIds, TaskState to, String reason, Instant now) {
        tiStates.mark(tiIds, to, reason, now);
    }

    /** The run -> failed (from queued, running or success; end date now); false when it was failed already. */
    boolean markRunFailed(long runPk, Instant now) {
        return runStates.markFailed(runPk, now);
    }

    /** The run -> success (from queued, running or failed; end date now); false when it was successful already. */
    boolean markRunSuccess(long runPk, Instant now) {
        return runStates.markSuccess(runPk, now);
    }

    /** The run -> queued (from running, success or failed; start and end cleared); false when it was queued. */
    boolean markRunQueued(long runPk, Instant now) {
        return runStates.markQueued(runPk, now);
    }

    /** Finished runs back to queued (start and end cleared); returns the runs that moved. */
    List<Long> requeue(long[] runPks, Instant now) {
        return runStates.requeue(runPks, now);
    }
}
