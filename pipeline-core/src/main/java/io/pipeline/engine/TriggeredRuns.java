package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.DataInterval;
import io.pipeline.store.DagRunRepository.NewRun;
import io.pipeline.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Creates the runs a task asked for ({@code TaskContext.triggerDagRun}), in the finishing transaction of its success:
 * for a partition key, the partition's run; else a manual run at the try's end. A run that exists already for that
 * logical date is left as it is (Airflow's TriggerDagRunOperator without reset). A created run wakes the scheduler
 * loops at commit (the NOTIFY dataset events send), so it is started by a pass that begins right after the success
 * rather than by the next pass of the interval.
 */
final class TriggeredRuns {
    private static final Logger LOG = LoggerFactory.getLogger(TriggeredRuns.class);

    private final DagRegistry registry;
    private final RunCreator creator;
    private final QueueNotifier notifier;

    TriggeredRuns(Stores stores, DagRegistry registry, QueueNotifier notifier) {
        this.registry = registry;
        this.creator = new RunCreator(stores);
        this.notifier = notifier;
    }

    void create(TryOutcome.RunRequest request, Instant now) {
        Dag dag = registry.dag(request.dagId()).orElse(null);
        if (dag == null) {
            LOG.warn("run of DAG {} asked for, but the DAG is no longer loaded", request.dagId());
            return;
        }
        Instant ld;
        DataInterval interval;
        java.time.LocalDate session = null;
        if (request.partitionKey() != null) {
            DagRunInfo info = dag.timetable().partitionRun(request.partitionKey());
            ld = info.logicalDate();
            interval = info.dataInterval();
            session = info.session();
        } else {
            ld = now.truncatedTo(ChronoUnit.MICROS);
            interval = dag.timetable() == null ? DataInterval.exact(ld) : dag.timetable().manualDataInterval(ld);
        }
        NewRun run = new NewRun(dag.dagId(), RunPlanner.manualRunId(ld), "manual", ld, interval.start(), interval.end(),
                session, now, request.confJson(), null, null, request.partitionKey());
        if (creator.create(dag, run, now).isEmpty()) {
            LOG.info("a run of DAG {} for {} exists already; not triggered again", dag.dagId(), ld);
        } else {
            notifier.schedulerWork();
        }
    }
}
