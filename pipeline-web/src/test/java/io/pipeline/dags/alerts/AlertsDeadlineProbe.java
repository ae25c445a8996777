package io.pipeline.dags.alerts;

import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.alert.Deadline;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.PokeResult;

import java.time.Duration;

/**
 * For the deadline test: manual only; {@code wait_for_vendor} is a rescheduling sensor that is never satisfied, so
 * a run stays unfinished; the run must succeed within one minute after its data interval ends.
 */
public final class AlertsDeadlineProbe implements DagDefinition {

    public static final String DAG_ID = "alerts_deadline_probe";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .tags("alerts-test")
                .alerts(AlertPolicy.dag(AlertEvent.RUN_FAILURE)
                        .deadline(Deadline.afterIntervalEnd(Duration.ofMinutes(1))))
                .tasks(g -> g.sensor("wait_for_vendor", ctx -> PokeResult.notYet(),
                        SensorSpec.reschedule(Duration.ofMinutes(10), Duration.ofHours(1))))
                .build();
    }
}
