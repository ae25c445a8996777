package io.pipeline.store;

import io.pipeline.state.TaskState;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements the scheduler uses on one run's task instances. Callers hold the run's row lock (lock order: DAG
 * run before task instance, always). Every state-changing statement names its source state in its WHERE clause, so
 * a row that moved meanwhile is left alone. Statements that pick rows by key test the state as
 * {@code coalesce(state, '') = ...} so that the planner keeps to the key (see {@link AdmissionRepository}).
 */
public class SchedulingRepository {

    /** The unfinished states; kept identical to the predicate of index ti_unfinished so that the index is used. */
    static final String UNFINISHED = "('none', 'scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule')";

    private static final String CHANGED = " RETURNING id, task_id, map_index, try_number, max_tries, pool";

    static final RowMapper<ChangedTi> CHANGED_MAPPER = (rs, n) -> new ChangedTi(rs.getLong("id"),
            rs.getString("task_id"), rs.getInt("map_index"), rs.getInt("try_number"), rs.getInt("max_tries"),
            rs.getString("pool"));

    private final JdbcClient jdbc;

    public SchedulingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What the scheduler reads to decide: per task, how many instances are in each state, and which tasks wait
     * (an instance of theirs is in state none: unmapped, not yet expanded, or cleared after expansion).
     */
    public record States(Map<String, Map<TaskState, Integer>> counts, Set<String> waiting) {
    }

    /** {@link States} of {@code taskIds} in one read. */
    public States states(long runPk, Collection<String> taskIds) {
        Map<String, Map<TaskState, Integer>> counts = new HashMap<>();
        Set<String> waiting = new HashSet<>();
        jdbc.sql("""
                SELECT task_id, state, count(*) AS n, bool_or(state = 'none') AS waiting
                FROM task_instance
                WHERE run_pk = :run AND task_id = ANY(:tasks)
                GROUP BY task_id, state
                """)
                .param("run", runPk).param("tasks", taskIds.toArray(String[]::new))
                .query(rs -> {
                    String task = rs.getString("task_id");
                    counts.computeIfAbsent(task, k -> new EnumMap<>(TaskState.class))
                            .put(TaskState.of(rs.getString("state")), rs.getInt("n"));
                    if (rs.getBoolean("waiting")) {
                        waiting.add(task);
                    }
                });
        return new States(counts, waiting);
    }

    /** Every task of the run with an instance in state none (unmapped, not yet expanded, or cleared). */
    public Set<String> allWaiting(long runPk) {
        return new HashSet<>(jdbc.sql("""
                SELECT DISTINCT task_id FROM task_instance WHERE run_pk = :run AND state = 'none'
                """)
                .param("run", runPk).query(String.class).list());
    }

    /** none -> scheduled for the unmapped instances of {@code taskIds}: a new try is scheduled. */
    public List<ChangedTi> schedule(long runPk, Collection<String> taskIds, Instant now) {
        return jdbc.sql("""
                UPDATE task_instance SET state = 'scheduled', try_number = try_number + 1, scheduled_at = :now,
                    next_attempt_at = NULL, version = version + 1, updated_at = :now
                WHERE run_pk = :run AND task_id = ANY(:tasks) AND map_index = -1 AND coalesce(state, '') = 'none'
                """ + CHANGED)
                .param("run", runPk).param("tasks", taskIds.toArray(String[]::new))
                .param("now", Timestamps.toDb(now))
                .query(CHANGED_MAPPER).list();
    }

    /**
     * none -> scheduled for the already expanded instances (map index 0..n-1) of a mapped task, as left by a clear:
     * each gets a new try. Empty when the task has not been expanded yet.
     */
    public List<ChangedTi> scheduleExpanded(long runPk, String taskId, Instant now) {
        return jdbc.sql("""
                UPDATE task_instance SET state = 'scheduled', try_number = try_number + 1, scheduled_at = :now,
                    next_attempt_at = NULL, version = version + 1, updated_at = :now
                WHERE run_pk = :run AND task_id = :task AND map_index >= 0 AND state = 'none'
                """ + CHANGED)
                .param("run", runPk).param("task", taskId).param("now", Timestamps.toDb(now))
                .query(CHANGED_MAPPER).list();
    }

    /** none -> {@code to} (skipped, upstream_failed, removed or failed) for all instances of {@code taskIds}. */
    public List<ChangedTi> settle(long runPk, Collection<String> taskIds, TaskState to, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE task_instance SET state = :to, end_date = :now, failure_reason = :reason,
                    version = version + 1, updated_at = :now
                WHERE run_pk = :run AND task_id = ANY(:tasks) AND coalesce(state, '') = 'none'
                """ + CHANGED)
                .param("to", to.value()).param("reason", reason).param("run", runPk)
                .param("tasks", taskIds.toArray(String[]::new)).param("now", Timestamps.toDb(now))
                .query(CHANGED_MAPPER).list();
    }

    /**
     * Skips every unfinished-and-not-started instance of {@code taskIds} (states none and scheduled), for
     * short-circuit and branch skips.
     */
    public List<ChangedTi> skipNotStarted(long runPk, Collection<String> taskIds, TaskState from, Instant now) {
        return jdbc.sql("""
                UPDATE task_instance SET state = 'skipped', end_date = :now, version = version + 1, updated_at = :now
                WHERE run_pk = :run AND task_id = ANY(:tasks) AND state = :from
                """ + CHANGED)
                .param("run", runPk).param("tasks", taskIds.toArray(String[]::new)).param("from", from.value())
                .param("now", Timestamps.toDb(now))
                .query(CHANGED_MAPPER).list();
    }

    /**
     * Replaces the placeholder of a mapped task (map index -1, state none) by {@code count} scheduled instances
     * (map index 0..count-1, try 1), in one statement.
     */
    public List<ChangedTi> expand(long runPk, String taskId, int count, Instant now) {
        return jdbc.sql("""
                WITH placeholder AS (
                    DELETE FROM task_instance WHERE run_pk = :run AND task_id = :task AND map_index = -1
                        AND state = 'none'
                    RETURNING *)
                INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries, priority,
                                           pool, pool_slots, queue, operator, scheduled_at, updated_at)
                SELECT p.run_pk, p.dag_id, p.task_id, g, 'scheduled', 1, p.max_tries, p.priority, p.pool,
                       p.pool_slots, p.queue, p.operator, :now, :now
                FROM placeholder p, generate_series(0, :count - 1) AS g
                """ + CHANGED)
                .param("run", runPk).param("task", taskId).param("count", count).param("now", Timestamps.toDb(now))
                .query(CHANGED_MAPPER).list();
    }

    /** up_for_retry -> scheduled (a new try) where the retry time has come. */
    public List<ChangedTi> scheduleDueRetries(long runPk, Instant now) {
        return jdbc.sql("""
                UPDATE task_instance SET state = 'scheduled', try_number = try_number + 1, scheduled_at = :now,
                    next_attempt_at = NULL, version = version + 1, updated_at = :now
                WHERE run_pk = :run AND state = 'up_for_retry' AND next_attempt_at <= :now
                """ + CHANGED)
                .param("run", runPk).param("now", Timestamps.toDb(now))
                .query(CHANGED_MAPPER).list();
    }

    /** up_for_reschedule -> scheduled (same try: the next poke) where the poke time has come. */
    public List<ChangedTi> scheduleDuePokes(long runPk, Instant now) {
        return jdbc.sql("""
                UPDATE task_instance SET state = 'scheduled', scheduled_at = :now, next_attempt_at = NULL,
                    version = version + 1, updated_at = :now
                WHERE run_pk = :run AND state = 'up_for_reschedule' AND next_attempt_at <= :now
                """ + CHANGED)
                .param("run", runPk).param("now", Timestamps.toDb(now))
                .query(CHANGED_MAPPER).list();
    }

    public boolean hasUnfinished(long runPk) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM task_instance WHERE run_pk = :run AND state IN "
                        + UNFINISHED + ")")
                .param("run", runPk).query(Boolean.class).single();
    }

    /** True when an instance of one of the leaf tasks failed or is upstream_failed (the run then failed). */
    public boolean anyLeafFailed(long runPk, Collection<String> leaves) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM task_instance WHERE run_pk = :run AND task_id = ANY(:leaves)
                               AND state IN ('failed', 'upstream_failed'))
                """)
                .param("run", runPk).param("leaves", leaves.toArray(String[]::new))
                .query(Boolean.class).single();
    }
}
