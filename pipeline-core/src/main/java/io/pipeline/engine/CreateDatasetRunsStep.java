package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.DatasetTimetable;
import io.pipeline.store.DagRepository;
import io.pipeline.store.DagRunRepository.NewRun;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DatasetRepository;
import io.pipeline.store.Stores;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns queued dataset triggers into runs, for unpaused DAGs scheduled on data:
 * <ul>
 *   <li>on partitions: the run of the key is created (queued) at its first input event, run id
 *       {@code dataset_triggered__<logical date>}; it starts once {@link DatasetGate} finds every input partition
 *       (the start step asks). A key whose run exists already is not run again, unless the schedule asks to
 *       {@code rerunOnUpdate()}: then a newer input event runs a finished run again ({@link PartitionRerun}), and
 *       one that arrives while the run is running runs it again once it has finished.</li>
 *   <li>on updates: a run (logical date now) once every input has a queued event, linked to the events since the
 *       DAG's previous dataset-triggered run.</li>
 * </ul>
 * Each run is created and its triggers dequeued in one transaction; creation is idempotent (unique logical date).
 */
public final class CreateDatasetRunsStep implements SchedulerStep {
    private final TransactionTemplate tx;
    private final DagRegistry registry;
    private final DagRepository dags;
    private final DatasetRepository datasets;
    private final RunCreator creator;

    private final io.pipeline.store.DagRunRepository runs;
    private final PartitionRerun reruns;

    public CreateDatasetRunsStep(Stores stores, TransactionTemplate tx, DagRegistry registry, StateRecorder recorder) {
        this.tx = tx;
        this.registry = registry;
        this.dags = stores.dags();
        this.datasets = stores.datasets();
        this.creator = new RunCreator(stores);
        this.runs = stores.runs();
        this.reruns = new PartitionRerun(stores, recorder);
    }

    @Override
    public String name() {
        return "create_dataset_runs";
    }

    @Override
    public void run(Instant now) {
        List<String> onData = registry.dags().stream().filter(d -> d.timetable() instanceof DatasetTimetable)
                .map(Dag::dagId).toList();
        if (onData.isEmpty()) {
            return;
        }
        Set<String> unpaused = new HashSet<>(dags.unpausedActiveIds());
        Map<String, Map<String, Set<Long>>> queued = datasets.queued(onData.stream().filter(unpaused::contains).toList());
        queued.forEach((dagId, byKey) -> registry.dag(dagId).ifPresent(dag ->
                byKey.forEach((key, ids) -> tx.executeWithoutResult(s -> create(dag, key, ids, now)))));
    }

    private void create(Dag dag, String key, Set<Long> queuedDatasets, Instant now) {
        DatasetTimetable t = (DatasetTimetable) dag.timetable();
        if (t.byPartition()) {
            DagRunInfo info = t.partitioning().run(LocalDate.parse(key));
            Optional<DagRunRow> created = creator.create(dag, newRun(dag, info.logicalDate(), info, key), now);
            if (created.isEmpty() && t.rerunsOnUpdate() && !rerunIfFinished(dag, info.logicalDate(), now)) {
                return; // the run is running on older data: the trigger waits for it to finish
            }
            datasets.dequeue(dag.dagId(), key);
            return;
        }
        Set<Long> all = datasets.keys(t.datasets().stream().map(d -> d.uri()).toList()).values().stream()
                .map(DatasetRepository.DatasetKey::id).collect(java.util.stream.Collectors.toSet());
        if (!queuedDatasets.containsAll(all)) {
            return;
        }
        long after = datasets.lastConsumedEvent(dag.dagId());
        Instant ld = now.truncatedTo(ChronoUnit.MICROS);
        DagRunInfo info = new DagRunInfo(ld, t.manualDataInterval(ld), ld, null);
        Optional<DagRunRow> run = creator.create(dag, newRun(dag, ld, info, null), now);
        run.ifPresent(r -> datasets.link(r.id(), datasets.eventsAfter(all, after)));
        datasets.dequeue(dag.dagId(), key);
    }

    /**
     * A newer event for a key whose run exists: a finished run is run again; a queued one will link the newer event
     * when it starts; a running one keeps the trigger queued (false) until it has finished.
     */
    private boolean rerunIfFinished(Dag dag, Instant logicalDate, Instant now) {
        DagRunRow run = runs.findByLogicalDate(dag.dagId(), logicalDate).orElse(null);
        if (run == null || run.state() == io.pipeline.state.DagRunState.QUEUED) {
            return true;
        }
        if (!run.state().isTerminal()) {
            return false;
        }
        reruns.rerun(dag, run, now);
        return true;
    }

    private static NewRun newRun(Dag dag, Instant ld, DagRunInfo info, String key) {
        return new NewRun(dag.dagId(), "dataset_triggered__" + ld, "dataset_triggered", ld,
                info.dataInterval().start(), info.dataInterval().end(), info.session(), info.runAfter(), "{}", null,
                null, key);
    }
}
