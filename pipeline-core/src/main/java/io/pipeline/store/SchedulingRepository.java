package io.pipeline.store;

import io.pipeline.state.DagRunStateRollup;
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
import java.util.stream.Collectors;

/**
 * The statements the scheduler uses on one run's task instances. Callers hold the run's row lock (lock order: DAG
 * run before task instance, always). The state-changing statements are {@link TaskInstanceStateStore}'s (the one
 * gate for TI states): each names its source states in its WHERE clause, so a row that moved meanwhile is left
 * alone. Statements that pick rows by key test the state as
 * {@code coalesce(state, '') = ...} so that the planner keeps to the key (see {@link AdmissionRepository}).
 */
public class SchedulingRepository {

    /**
     * The roll-up's unfinished states ({@link DagRunStateRollup#UNFINISHED}) as SQL; identical to the predicate of
     * index ti_unfinished so that the index is used (RollUpSqlTest holds it to the migration).
     */
    static final String UNFINISHED = inList(DagRunStateRollup.UNFINISHED);

    /** The roll-up's failing leaf states ({@link DagRunStateRollup#FAILS_RUN}) as SQL. */
    static final String FAILS_RUN = inList(DagRunStateRollup.FAILS_RUN);

    private static final String HAS_UNFINISHED =
            "SELECT EXISTS (SELECT 1 FROM task_instance WHERE run_pk = :run AND state IN " + UNFINISHED + ")";

    private static final String ANY_LEAF_FAILED = """
            SELECT EXISTS (SELECT 1 FROM task_instance WHERE run_pk = :run AND task_id = ANY(:leaves)
                           AND state IN %s)
            """.formatted(FAILS_RUN);

    static final String CHANGED = " RETURNING id, task_id, map_index, try_number, max_tries, pool";

    static final RowMapper<ChangedTi> CHANGED_MAPPER = (rs, n) -> new ChangedTi(rs.getLong("id"),
            rs.getString("task_id"), rs.getInt("map_index"), rs.getInt("try_number"), rs.getInt("max_tries"),
            rs.getString("pool"));

    private final JdbcClient jdbc;
    private final TaskInstanceStateStore states;

    public SchedulingRepository(JdbcClient jdbc, TaskInstanceStateStore states) {
        this.jdbc = jdbc;
        this.states = states;
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

    /** {@link #allWaiting(long)} for many runs in one statement: per run, its tasks with an instance in state none. */
    public Map<Long, Set<String>> allWaiting(long[] runPks) {
        Map<Long, Set<String>> waiting = new HashMap<>();
        for (long pk : runPks) {
            waiting.put(pk, new HashSet<>());
        }
        if (runPks.length == 0) {
            return waiting;
        }
        jdbc.sql("""
                SELECT DISTINCT run_pk, task_id FROM task_instance WHERE run_pk = ANY(:runs) AND state = 'none'
                """)
                .param("runs", runPks)
                .query(rs -> {
                    waiting.get(rs.getLong("run_pk")).add(rs.getString("task_id"));
                });
        return waiting;
    }

    /** none -> scheduled for the unmapped instances of {@code taskIds}: a new try is scheduled. */
    public List<ChangedTi> schedule(long runPk, Collection<String> taskIds, Instant now) {
        return states.schedule(runPk, taskIds, now);
    }

    /**
     * none -> scheduled for the already expanded instances (map index 0..n-1) of a mapped task, as left by a clear:
     * each gets a new try. Empty when the task has not been expanded yet.
     */
    public List<ChangedTi> scheduleExpanded(long runPk, String taskId, Instant now) {
        return states.scheduleExpanded(runPk, taskId, now);
    }

    /** none -> {@code to} (skipped, upstream_failed, removed or failed) for all instances of {@code taskIds}. */
    public List<ChangedTi> settle(long runPk, Collection<String> taskIds, TaskState to, String reason, Instant now) {
        return states.settle(runPk, taskIds, to, reason, now);
    }

    /**
     * Skips every unfinished-and-not-started instance of {@code taskIds} (states none and scheduled), for
     * short-circuit and branch skips.
     */
    public List<ChangedTi> skipNotStarted(long runPk, Collection<String> taskIds, TaskState from, Instant now) {
        return states.skipNotStarted(runPk, taskIds, from, now);
    }

    /**
     * Replaces the placeholder of a mapped task (map index -1, state none) by {@code count} scheduled instances
     * (map index 0..count-1, try 1), in one statement.
     */
    public List<ChangedTi> expand(long runPk, String taskId, int count, Instant now) {
        return states.expand(runPk, taskId, count, now);
    }

    /** The due test of {@link #scheduleDueRetries} and {@link #scheduleDuePokes} ({@code next_attempt_at <= :now}). */
    public static boolean isDue(Instant nextAttemptAt, Instant now) {
        return nextAttemptAt != null && !nextAttemptAt.isAfter(now);
    }

    /** up_for_retry -> scheduled (a new try) where the retry time has come. */
    public List<ChangedTi> scheduleDueRetries(long runPk, Instant now) {
        return states.scheduleDueRetries(runPk, now);
    }

    /** up_for_reschedule -> scheduled (same try: the next poke) where the poke time has come. */
    public List<ChangedTi> scheduleDuePokes(long runPk, Instant now) {
        return states.scheduleDuePokes(runPk, now);
    }

    /** deferred -> scheduled where the sensor's deadline has come: its next poke fails it (timeouts apply while deferred). */
    public List<ChangedTi> wakeTimedOutDeferred(long runPk, Instant now) {
        return states.wakeTimedOut(runPk, now);
    }

    /** {@code ('a', 'b')} in the enum's order. */
    static String inList(Set<TaskState> states) {
        return states.stream().map(s -> "'" + s.value() + "'").collect(Collectors.joining(", ", "(", ")"));
    }

    /** The roll-up's first question: is any TI of the run unfinished. */
    public boolean hasUnfinished(long runPk) {
        return jdbc.sql(HAS_UNFINISHED)
                .param("run", runPk).query(Boolean.class).single();
    }

    /** The roll-up's second question: did an instance of a leaf task fail or is it upstream_failed. */
    public boolean anyLeafFailed(long runPk, Collection<String> leaves) {
        return jdbc.sql(ANY_LEAF_FAILED)
                .param("run", runPk).param("leaves", leaves.toArray(String[]::new))
                .query(Boolean.class).single();
    }
}
