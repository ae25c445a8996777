package io.pipeline.dags.alerts;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.schedule.Schedules;

import java.time.LocalDate;

/**
 * For the metrics test: {@code extract >> load}, both succeed, on XNYS sessions at 16:30 New York from 2030 (so the
 * running engine schedules nothing of its own; the test triggers runs for chosen sessions).
 */
public final class MetricsProbe implements DagDefinition {

    public static final String DAG_ID = "metrics_probe";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .tags("alerts-test")
                .schedule(Schedules.onSessions("XNYS").at("16:30", "America/New_York"))
                .startDate(LocalDate.of(2030, 1, 2), "America/New_York")
                .tasks(g -> g.task("extract", ctx -> "ok").then(g.task("load", ctx -> "loaded")))
                .build();
    }
}
