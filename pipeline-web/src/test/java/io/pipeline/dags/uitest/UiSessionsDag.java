package io.pipeline.dags.uitest;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;
import io.pipeline.schedule.Schedules;

import java.time.LocalDate;

/**
 * For the dashboard's tests: a quick DAG on XNYS sessions whose start date lies in the future, so that it makes no
 * scheduled runs of its own while tests backfill it.
 */
public final class UiSessionsDag implements DagDefinition {

    public static final String DAG_ID = "ui_sessions";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Quick session DAG for backfill tests")
                .owner("ui-tests")
                .tags("ui-test", "sessions")
                .schedule(Schedules.onSessions("XNYS").at("18:00", "America/New_York"))
                .startDate(LocalDate.of(2030, 6, 3), "America/New_York")
                .catchup(false)
                .tasks(b -> {
                    TaskRef a = b.task("download", ctx -> ctx.session().toString());
                    TaskRef c = b.task("check", ctx -> true);
                    a.then(c);
                })
                .build();
    }
}
