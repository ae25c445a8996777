package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.schedule.Schedules;

/**
 * Scheduled on data: one run per XNYS session once {@code example://prices/eod} has an event for it (from
 * {@code example_dataset_producer} or reported through the API); the run carries the session as partition key.
 */
public final class ExampleDatasetConsumer implements DagDefinition {

    public static final String DAG_ID = "example_dataset_consumer";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Runs per session once example_prices of that session is in")
                .owner("examples")
                .tags("example", "datasets")
                .schedule(Schedules.onPartitions(ExampleDatasetProducer.PRICES))
                .tasks(b -> b.task("use_prices", ctx -> {
                    ctx.log().info("prices of session {} are in", ctx.partitionKey());
                    return ctx.partitionKey();
                }).consumes(ExampleDatasetProducer.PRICES))
                .build();
    }
}
