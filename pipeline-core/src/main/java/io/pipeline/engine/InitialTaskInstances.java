package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.dag.WeightRule;
import io.pipeline.store.ProgressRepository;
import io.pipeline.store.Stores;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The task instances a new DAG run starts with: one per task (state none, try 0; a mapped task gets one placeholder
 * with map index -1 until it is expanded), in task order per run, and the engine's unfinished-instance counters
 * (task_progress) for them. One statement each however many runs (of however many DAGs): a ten-year backfill
 * creates thousands at once.
 * Call inside the transaction that created the runs.
 */
public final class InitialTaskInstances {

    private final JdbcClient jdbc;
    private final ProgressRepository progress;

    public InitialTaskInstances(Stores stores) {
        this.jdbc = stores.jdbc();
        this.progress = stores.progress();
    }

    /**
     * @param priorityOffset subtracted from each task's effective priority ({@link WeightRule}): 0 for scheduled and manual runs, more for
     *                       runs that should be admitted after them (backfills)
     */
    public void insert(Dag dag, long[] runPks, int priorityOffset, Instant now) {
        if (runPks.length == 0) {
            return;
        }
        int n = dag.tasks().size();
        String[] ids = new String[n];
        Integer[] maxTries = new Integer[n];
        Integer[] priority = new Integer[n];
        String[] pools = new String[n];
        Integer[] slots = new Integer[n];
        String[] queues = new String[n];
        String[] operators = new String[n];
        int[] effective = WeightRule.effectivePriorities(dag);
        int i = 0;
        for (TaskDef t : dag.tasks().values()) {
            ids[i] = t.taskId();
            maxTries[i] = t.maxTries();
            priority[i] = effective[i] - priorityOffset;
            pools[i] = t.pool();
            slots[i] = t.poolSlots();
            queues[i] = t.queue();
            operators[i] = t.kind().name().toLowerCase(Locale.ROOT);
            i++;
        }
        jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries, priority,
                                           pool, pool_slots, queue, operator, updated_at)
                SELECT r.id, :dag, t.task_id, -1, 'none', 0, t.max_tries, t.priority, t.pool, t.slots, t.queue, t.op,
                       :now
                FROM unnest(CAST(:runs AS bigint[])) AS r(id)
                CROSS JOIN unnest(CAST(:ids AS text[]), CAST(:maxTries AS int[]), CAST(:priority AS int[]),
                                  CAST(:pools AS text[]), CAST(:slots AS int[]), CAST(:queues AS text[]),
                                  CAST(:ops AS text[])) WITH ORDINALITY AS t(task_id, max_tries, priority, pool, slots,
                                                                             queue, op, ord)
                ORDER BY r.id, t.ord
                """)
                .param("runs", runPks).param("dag", dag.dagId()).param("ids", ids).param("maxTries", maxTries)
                .param("priority", priority).param("pools", pools).param("slots", slots).param("queues", queues)
                .param("ops", operators).param("now", Timestamps.toDb(now))
                .update();
        progress.create(runPks, ids);
    }

    /**
     * The task instances of new runs of several DAGs in one statement (and their counters in one more), each TI a row
     * of the arrays sent (the single-DAG form above crosses runs and tasks in the database instead): the scheduler
     * creates the runs of a thousand DAGs that fall due at the same close in a few transactions.
     */
    public void insert(Map<Dag, long[]> runsByDag, int priorityOffset, Instant now) {
        int total = 0;
        for (Map.Entry<Dag, long[]> e : runsByDag.entrySet()) {
            total += e.getKey().tasks().size() * e.getValue().length;
        }
        if (total == 0) {
            return;
        }
        long[] runs = new long[total];
        String[] dagIds = new String[total];
        String[] ids = new String[total];
        Integer[] maxTries = new Integer[total];
        Integer[] priority = new Integer[total];
        String[] pools = new String[total];
        Integer[] slots = new Integer[total];
        String[] queues = new String[total];
        String[] operators = new String[total];
        int i = 0;
        for (Map.Entry<Dag, long[]> e : runsByDag.entrySet()) {
            Dag dag = e.getKey();
            int[] effective = WeightRule.effectivePriorities(dag);
            for (long run : e.getValue()) {
                int k = 0;
                for (TaskDef t : dag.tasks().values()) {
                    runs[i] = run;
                    dagIds[i] = dag.dagId();
                    ids[i] = t.taskId();
                    maxTries[i] = t.maxTries();
                    priority[i] = effective[k++] - priorityOffset;
                    pools[i] = t.pool();
                    slots[i] = t.poolSlots();
                    queues[i] = t.queue();
                    operators[i] = t.kind().name().toLowerCase(Locale.ROOT);
                    i++;
                }
            }
        }
        jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries, priority,
                                           pool, pool_slots, queue, operator, updated_at)
                SELECT t.run_pk, t.dag_id, t.task_id, -1, 'none', 0, t.max_tries, t.priority, t.pool, t.slots,
                       t.queue, t.op, :now
                FROM unnest(CAST(:runs AS bigint[]), CAST(:dags AS text[]), CAST(:ids AS text[]),
                            CAST(:maxTries AS int[]), CAST(:priority AS int[]), CAST(:pools AS text[]),
                            CAST(:slots AS int[]), CAST(:queues AS text[]), CAST(:ops AS text[])) WITH ORDINALITY
                     AS t(run_pk, dag_id, task_id, max_tries, priority, pool, slots, queue, op, ord)
                ORDER BY t.ord
                """)
                .param("runs", runs).param("dags", dagIds).param("ids", ids).param("maxTries", maxTries)
                .param("priority", priority).param("pools", pools).param("slots", slots).param("queues", queues)
                .param("ops", operators).param("now", Timestamps.toDb(now))
                .update();
        progress.createPairs(runs, ids);
    }
}
