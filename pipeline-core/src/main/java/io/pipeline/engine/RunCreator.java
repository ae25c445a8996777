package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRepository.NewRun;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.ProgressRepository;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates a DAG run (state queued) with one task instance per task (state none; a mapped task gets one placeholder
 * with map index -1 until it is expanded). Idempotent: a run whose (dag, logical date) or (dag, run id) exists is not
 * created again. Call inside a transaction.
 */
public final class RunCreator {

    private final JdbcClient jdbc;
    private final DagRunRepository runs;
    private final ProgressRepository progress;

    public RunCreator(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.runs = new DagRunRepository(jdbc);
        this.progress = new ProgressRepository(jdbc);
    }

    /** @return the new run, or empty when it already existed */
    public Optional<DagRunRow> create(Dag dag, NewRun run, Instant now) {
        Optional<DagRunRow> created = runs.insertIfAbsent(run, now);
        created.ifPresent(r -> insertTaskInstances(dag, r.id(), now));
        return created;
    }

    private void insertTaskInstances(Dag dag, long runPk, Instant now) {
        int n = dag.tasks().size();
        String[] ids = new String[n];
        Integer[] maxTries = new Integer[n];
        Integer[] priority = new Integer[n];
        String[] pools = new String[n];
        Integer[] slots = new Integer[n];
        String[] queues = new String[n];
        String[] operators = new String[n];
        int i = 0;
        for (TaskDef t : dag.tasks().values()) {
            ids[i] = t.taskId();
            maxTries[i] = t.maxTries();
            priority[i] = t.priorityWeight();
            pools[i] = t.pool();
            slots[i] = t.poolSlots();
            queues[i] = t.queue();
            operators[i] = t.kind().name().toLowerCase(Locale.ROOT);
            i++;
        }
        jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries, priority,
                                           pool, pool_slots, queue, operator, updated_at)
                SELECT :run, :dag, t.task_id, -1, 'none', 0, t.max_tries, t.priority, t.pool, t.slots, t.queue, t.op, :now
                FROM unnest(CAST(:ids AS text[]), CAST(:maxTries AS int[]), CAST(:priority AS int[]),
                            CAST(:pools AS text[]), CAST(:slots AS int[]), CAST(:queues AS text[]),
                            CAST(:ops AS text[])) AS t(task_id, max_tries, priority, pool, slots, queue, op)
                """)
                .param("run", runPk).param("dag", dag.dagId()).param("ids", ids).param("maxTries", maxTries)
                .param("priority", priority).param("pools", pools).param("slots", slots).param("queues", queues)
                .param("ops", operators).param("now", Timestamps.toDb(now))
                .update();
        progress.create(runPk, ids);
    }
}
