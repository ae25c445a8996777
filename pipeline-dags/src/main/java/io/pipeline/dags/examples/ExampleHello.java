package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.DagAlerts;

import java.time.LocalDate;

/** The smallest useful DAG: two tasks, hourly on weekdays in New York, the second reading the first's output. */
public final class ExampleHello implements DagDefinition {

    public static final String DAG_ID = "example_hello";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Hello world: two tasks passing a value")
                .owner("examples")
                .tags("example")
                .schedule("0 * * * 1-5", "America/New_York")
                .startDate(LocalDate.of(2025, 1, 1), "America/New_York")
                .tasks(b -> {
                    TaskRef hello = b.task("say_hello", ctx -> "hello from " + ctx.runId());
                    TaskRef echo = b.task("echo", ctx -> {
                        String greeting = ctx.input("say_hello", String.class);
                        ctx.log().info("upstream said: {}", greeting);
                        return greeting.length();
                    });
                    hello.then(echo);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }
}
