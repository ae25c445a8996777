package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.Partitioning;
import io.pipeline.schedule.Schedules;

/**
 * A producer of a session-partitioned dataset, by hand: trigger it with a logical date and its success records an
 * event of {@link #PRICES} for the XNYS session of that date, which starts {@code example_dataset_consumer}'s run of
 * that session. An external system can report the same event with {@code POST /api/v1/datasets/events}.
 */
public final class ExampleDatasetProducer implements DagDefinition {

    public static final String DAG_ID = "example_dataset_producer";

    /** End-of-day prices of an XNYS session. */
    public static final Dataset PRICES = Dataset.of("example://prices/eod")
            .partitionedBy(Partitioning.sessionsOf("XNYS"));

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Publishes example_prices for the session of its logical date (manual)")
                .owner("examples")
                .tags("example", "datasets")
                .schedule(Schedules.manual())
                .tasks(b -> b.task("publish_prices", ctx -> {
                    ctx.log().info("prices of {} published", ctx.logicalDate());
                    return null;
                }).produces(PRICES))
                .build();
    }
}
