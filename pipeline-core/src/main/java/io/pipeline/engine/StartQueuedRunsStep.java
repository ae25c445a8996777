package io.pipeline.engine;

import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Starts queued runs (oldest logical date first) while their DAG has fewer than max_active_runs running, and
 * schedules their first tasks in the same transaction. Paused DAGs' runs wait, and so do the runs of a DAG that is not
 * loaded. The DAG row is locked while counting so that two schedulers never start more than the limit. The runs of
 * many DAGs are started per transaction ({@link #DAGS_PER_TRANSACTION}, {@link #RUNS_PER_TRANSACTION}) by set-based
 * statements (decision: docs/decisions/start-queued-runs.md); a DAG on partitions, whose runs each wait for their
 * input partitions, is started on its own. Backfill runs are not counted or started here: they have
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
    private final Stores stores;

    /** DAGs whose queued runs one transaction starts (at most; see {@link #RUNS_PER_TRANSACTION}). */
    static final int DAGS_PER_TRANSACTION = 100;

    /** Runs one transaction starts, unless one DAG alone has more room (its runs are started together). */
    static final int RUNS_PER_TRANSACTION = 200;

    /** Queued runs of a DAG on partitions looked at per pass (those waiting for data included). */
    static final int MAX_WAITING_SCANNED = 500;

    public StartQueuedRunsStep(Stores stores, TransactionTemplate tx, DagRegistry registry, RunScheduler scheduler,
                               Admission admission, StateRecorder recorder, QueueNotifier notifier) {
        this.notifier = notifier;
        this.stores = stores;
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
                ORDER BY r.dag_id
                """)
                .query(String.class).list();
        List<DagIndex> batched = new ArrayList<>();
        for (String dagId : dagIds) {
            DagIndex dag = registry.indexOrNull(dagId);
            if (dag == null) {
                continue; // not loaded (gone or failing to import): its runs wait
            }
            if (gated(dag)) {
                tx.executeWithoutResult(s -> start(dag, now));
            } else {
                batched.add(dag);
            }
        }
        int from = 0;
        while (from < batched.size()) {
            List<DagIndex> chunk = batched.subList(from, Math.min(from + DAGS_PER_TRANSACTION, batched.size()));
            Integer done = tx.execute(s -> startBatch(chunk, now));
            from += Math.max(1, done == null ? chunk.size() : done);
        }
    }

    /**
     * Starts the queued runs of many DAGs (none on partitions) in one transaction: their DAG rows locked in id order,
     * the runs that fit under each DAG's max_active_runs picked and locked by one statement, moved to running by one
     * statement, their waiting tasks read by one; then each run's first tasks are scheduled and one admission pass
     * covers every pool they touched. DAGs are taken in order while their runs stay within
     * {@link #RUNS_PER_TRANSACTION} (at least one DAG); returns how many of {@code chunk} were taken.
     */
    private int startBatch(List<DagIndex> chunk, Instant now) {
        String[] ids = chunk.stream().map(DagIndex::dagId).toArray(String[]::new);
        Set<String> open = new HashSet<>(jdbc.sql("""
                SELECT dag_id FROM dag WHERE dag_id = ANY(:ids) AND NOT is_paused AND import_error IS NULL
                ORDER BY dag_id FOR UPDATE
                """)
                .param("ids", ids).query(String.class).list());
        List<DagIndex> dags = chunk.stream().filter(d -> open.contains(d.dagId())).toList();
        Map<String, DagIndex> byId = new HashMap<>();
        dags.forEach(d -> byId.put(d.dagId(), d));
        List<DagRunRepository.QueuedRun> picked = runs.lockQueuedWithinLimits(
                dags.stream().map(DagIndex::dagId).toArray(String[]::new),
                dags.stream().mapToInt(d -> d.dag().maxActiveRuns()).toArray());
        // Take whole DAGs, in order, while the runs stay within the transaction's share; the rest are next.
        Map<String, Integer> perDag = new LinkedHashMap<>();
        picked.forEach(q -> perDag.merge(q.dagId(), 1, Integer::sum));
        Set<String> taken = new HashSet<>();
        int takenRuns = 0;
        for (Map.Entry<String, Integer> e : perDag.entrySet()) {
            if (!taken.isEmpty() && takenRuns + e.getValue() > RUNS_PER_TRANSACTION) {
                break;
            }
            taken.add(e.getKey());
            takenRuns += e.getValue();
        }
        int consumed = chunk.size();
        if (taken.size() < perDag.size()) {
            String firstLeft = perDag.keySet().stream().filter(d -> !taken.contains(d)).findFirst().orElseThrow();
            consumed = chunk.indexOf(byId.get(firstLeft));
        }
        long[] toStart = picked.stream().filter(q -> taken.contains(q.dagId()))
                .mapToLong(DagRunRepository.QueuedRun::id).toArray();
        Map<Long, DagRunRow> started = new HashMap<>();
        runs.startAll(toStart, now).forEach(r -> started.put(r.id(), r));
        Map<Long, Set<String>> waiting = stores.scheduling().allWaiting(
                started.keySet().stream().mapToLong(Long::longValue).toArray());
        Set<String> pools = new TreeSet<>();
        for (long id : toStart) {
            DagRunRow run = started.get(id);
            if (run == null) {
                continue; // no longer queued
            }
            DagIndex dag = byId.get(run.dagId());
            recorder.run(run, DagRunState.QUEUED, DagRunState.RUNNING, now);
            RunScheduler.Result r = scheduler.evaluate(run, dag, waiting.get(id), Set.of(), now);
            if (r.anySettled()) {
                scheduler.rollUp(run, dag, now, false);
            }
            pools.addAll(r.poolsTouched());
        }
        if (!pools.isEmpty()) {
            notifier.queued(admission.admit(pools, null, now).size());
        }
        return consumed;
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
