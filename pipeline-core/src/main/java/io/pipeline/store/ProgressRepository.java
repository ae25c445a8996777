package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Unfinished-instance counters per (run, task) in {@code task_progress}: a hint that lets the hot path skip
 * counting upstream states while upstream instances are still running. The counter is only trusted when it says
 * "some unfinished"; "none unfinished" is always confirmed from {@code task_instance}. Callers hold the run lock:
 * exclusively, except for {@link #countOff} on the finishing transaction's shared path ({@code engine.TryFinisher}).
 */
public class ProgressRepository {

    private final JdbcClient jdbc;

    public ProgressRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One counter per run and task, each at 1 (every task of a new run starts with one unfinished instance). Only for
     * runs inserted by the calling transaction: their counters cannot exist yet, so there is no conflict to look for
     * (a plain insert; an existing counter would fail the statement and roll the run back with it).
     */
    public void create(long[] runPks, String[] taskIds) {
        jdbc.sql("""
                INSERT INTO task_progress (run_pk, task_id, unfinished)
                SELECT r.id, t.task_id, 1 FROM unnest(CAST(:runs AS bigint[])) AS r(id)
                CROSS JOIN unnest(CAST(:tasks AS text[])) AS t(task_id)
                """)
                .param("runs", runPks).param("tasks", taskIds).update();
    }

    /**
     * One counter at 1 per (run, task) pair: {@code runPks[i]} with {@code taskIds[i]} (runs of several DAGs); as
     * {@link #create}, only for runs inserted by the calling transaction.
     */
    public void createPairs(long[] runPks, String[] taskIds) {
        if (runPks.length == 0) {
            return;
        }
        jdbc.sql("""
                INSERT INTO task_progress (run_pk, task_id, unfinished)
                SELECT v.run_pk, v.task_id, 1 FROM unnest(CAST(:runs AS bigint[]), CAST(:tasks AS text[]))
                     AS v(run_pk, task_id)
                """)
                .param("runs", runPks).param("tasks", taskIds).update();
    }

    /** Adds {@code delta} per task (negative: instances finished; positive: instances added or cleared). */
    public void add(long runPk, Map<String, Integer> deltaByTask) {
        if (deltaByTask.isEmpty()) {
            return;
        }
        String[] tasks = deltaByTask.keySet().toArray(String[]::new);
        Integer[] deltas = new Integer[tasks.length];
        for (int i = 0; i < tasks.length; i++) {
            deltas[i] = deltaByTask.get(tasks[i]);
        }
        jdbc.sql("""
                UPDATE task_progress p SET unfinished = p.unfinished + v.delta
                FROM unnest(CAST(:tasks AS text[]), CAST(:deltas AS int[])) AS v(task_id, delta)
                WHERE p.run_pk = :run AND p.task_id = v.task_id
                """)
                .param("tasks", tasks).param("deltas", deltas).param("run", runPk).update();
    }

    /**
     * Counts {@code finished} instances of a task off its counter and returns what the counter says is left (empty
     * when the run has no counter for the task). The counter's row stays locked until the transaction ends, so
     * concurrent callers count off one after the other and exactly one of them sees the counter reach zero; callers
     * without the run's exclusive lock (the finishing transaction's shared path) make this their last statement.
     */
    public OptionalInt countOff(long runPk, String taskId, int finished) {
        return jdbc.sql("""
                UPDATE task_progress SET unfinished = unfinished - :n
                WHERE run_pk = :run AND task_id = :task RETURNING unfinished
                """)
                .param("n", finished).param("run", runPk).param("task", taskId).query(Integer.class).optional()
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** Of {@code taskIds}, those whose counter says some instance is unfinished. */
    public Set<String> unfinished(long runPk, Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                SELECT task_id FROM task_progress WHERE run_pk = :run AND task_id = ANY(:tasks) AND unfinished > 0
                """)
                .param("run", runPk).param("tasks", taskIds.toArray(String[]::new)).query(String.class).list());
    }

    /** True when some counter of the run says an instance is unfinished. */
    public boolean anyUnfinished(long runPk) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM task_progress WHERE run_pk = :run AND unfinished > 0)")
                .param("run", runPk).query(Boolean.class).single();
    }

    /** Resets the run's counters from its task instances (after operator changes such as clear or mark). */
    public void recount(long runPk) {
        jdbc.sql("""
                UPDATE task_progress p SET unfinished = coalesce(c.n, 0)
                FROM task_progress q
                LEFT JOIN (SELECT task_id, count(*) AS n FROM task_instance WHERE run_pk = :run
                             AND state IN ('none', 'scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule',
                                          'deferred')
                           GROUP BY task_id) c ON c.task_id = q.task_id
                WHERE p.run_pk = :run AND q.run_pk = p.run_pk AND q.task_id = p.task_id
                """)
                .param("run", runPk).update();
    }
}
