package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.DagAlerts;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Task groups (Airflow's {@code TaskGroup}): an end-of-day load read as three steps in the grid and graph. The
 * tasks of a group carry its id as a prefix ({@code extract.prices}, {@code load.checks.row_count}); the {@code load}
 * group gives its tasks two retries; {@code extract.then(load)} joins the last tasks of one group to the first of
 * the next. Clear or mark a whole group by its id ({@code load}).
 */
public final class ExampleTaskGroups implements DagDefinition {

    public static final String DAG_ID = "example_task_groups";
    static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "IBM");

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("End-of-day load in task groups: extract, load (with nested checks), then report")
                .owner("examples")
                .tags("example", "task-groups")
                .schedule("30 18 * * 1-5", "America/New_York")
                .startDate(LocalDate.of(2025, 1, 2), "America/New_York")
                .tasks(b -> {
                    TaskRef start = b.task("start", ctx -> SYMBOLS);
                    var extract = b.group("extract", g -> {
                        g.task("prices", ctx -> {
                            ctx.log().info("fetched closes of {}", SYMBOLS);
                            return SYMBOLS.size();
                        });
                        g.task("fx_rates", ctx -> {
                            ctx.log().info("fetched EUR and GBP rates");
                            return 2;
                        });
                    });
                    var load = b.group("load", g -> {
                        g.doc("bars into the store, then checks of what was loaded");
                        g.defaults(d -> d.retries(2).retryDelay(Duration.ofSeconds(5)));
                        TaskRef bars = g.task("bars", ctx -> ctx.input("extract.prices", Integer.class));
                        var checks = g.group("checks", c -> {
                            c.task("row_count", ctx -> {
                                int rows = ctx.input("load.bars", Integer.class);
                                ctx.log().info("{} rows loaded, {} expected", rows, SYMBOLS.size());
                                return rows == SYMBOLS.size();
                            });
                            c.task("no_gaps", ctx -> true);
                        });
                        bars.then(checks);
                    });
                    start.then(extract).then(load).then(b.task("report", ctx -> "loaded "
                            + ctx.input("load.bars", Integer.class) + " bars"));
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }
}
