package io.pipeline.engine;

import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

/**
 * Starts queued runs (oldest logical date first) while their DAG has fewer than max_active_runs running, and
 * schedules their first tasks in the same transaction. Paused DAGs' runs wait. The DAG row is locked while counting
 * so that two schedulers never start more than the limit. Backfill runs are not counted or started here: they have
 * their backfill's own limit ({@link StartBackfillRunsStep}), so a long backfill never delays a scheduled run.
 */
public final class StartQueuedRunsStep implements SchedulerStep {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DagRegistry registry;
    private final DagRunRepository runs;
    private final RunScheduler scheduler;
    private final Admission admission;
    private final StateRecorder recorder;
    private final QueueNotifier notifier;
    private final DatasetGate gate;
    private final io.pipeline.store.DatasetRepository datasets;

    /** Queued runs of a DAG on partitions looked at per pass (those waiting for data included). */
    static final int MAX_WAITING_SCANNED = 500;

    public StartQueuedRunsStep(Stores stores, TransactionTemplate tx, DagRegistry registry, RunScheduler scheduler,
                               Admission admission, StateRecorder recorder, QueueNotifier notifier) {
        this.notifier = notifier;
        this.jdbc = stores.jdbc();
        this.tx = tx;
        this.registry = registry;
        this.runs = stores.runs();
        this.scheduler = scheduler;
        this.admission = admission;
        this.recorder = recorder;
        this.datasets = stores.datasets();
        this.gate = new DatasetGate(stores.datasets());
    }

    @Override
    public String name() {
        return "start_queued_runs";
    }

    @Override
    public void run(Instant now) {
        List<String> dagIds = jdbc.sql("""
                SELECT DISTINCT r.dag_id FROM dag_run r JOIN dag d ON d.dag_id = r.dag_id
                WHERE r.state = 'queued' AND r.backfill_id IS NULL AND NOT d.is_paused AND d.import_error IS NULL
                """)
                .query(String.class).list();
        for (String dagId : dagIds) {
            DagIndex dag = registry.indexOrNull(dagId);
            if (dag != null) {
                tx.executeWithoutResult(s -> start(dag, now));
            }
        }
    }

    private void start(DagIndex dag, Instant now) {
        jdbc.sql("SELECT 1 FROM dag WHERE dag_id = :dag FOR UPDATE").param("dag", dag.dagId()).query(Integer.class)
                .optional();
        int running = runs.countRunning(dag.dagId());
        if (!belowMaxActiveRuns(running, dag.dag().maxActiveRuns())) {
            return;
        }
        int room = dag.dag().maxActiveRuns() - running;
        if (!gated(dag)) {
            for (Long id : runs.lockQueued(dag.dagId(), room)) {
                startRun(dag, id, now);
            }
            return;
        }
        // A DAG on partitions: a run whose input partitions are not all in waits, and does not take the room.
        for (Long id : runs.lockQueued(dag.dagId(), MAX_WAITING_SCANNED)) {
            if (room == 0) {
                return;
            }
            DagRunRow run = runs.findById(id).orElseThrow();
            DatasetGate.Check check = gate.check(dag.dag(), run);
            if (check.ready()) {
                datasets.link(id, check.events());
                startRun(dag, id, now);
                room--;
            }
        }
    }

    private static boolean gated(DagIndex dag) {
        return dag.dag().timetable() instanceof io.pipeline.schedule.DatasetTimetable t && t.byPartition();
    }

    /** Whether a DAG with {@code running} runs (backfills' aside) may start another under {@code maxActiveRuns}. */
    static boolean belowMaxActiveRuns(int running, int maxActiveRuns) {
        return running < maxActiveRuns;
    }

    /**
     * Starts one queued run the caller has locked: running, its first tasks scheduled and admitted. Also used for
     * backfill runs ({@link StartBackfillRunsStep}).
     */
    void startRun(DagIndex dag, long id, Instant now) {
        DagRunRow run = runs.findById(id).orElseThrow();
        if (!runs.updateState(id, DagRunState.QUEUED, DagRunState.RUNNING, now)) {
            return;
        }
        recorder.run(run, DagRunState.QUEUED, DagRunState.RUNNING, now);
        DagRunRow started = runs.findById(id).orElseThrow();
        RunScheduler.Result r = scheduler.evaluate(started, dag, null, java.util.Set.of(), now);
        if (r.anySettled()) {
            scheduler.rollUp(started, dag, now, false);
        }
        notifier.queued(admission.admit(r.poolsTouched(), dag.dagId(), now).size());
    }
}
