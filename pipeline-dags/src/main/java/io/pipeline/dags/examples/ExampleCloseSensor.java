package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.DagAlerts;
import io.pipeline.schedule.Schedules;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.builtin.IsTradingSession;
import io.pipeline.task.builtin.TimeSensor;

import java.time.Duration;
import java.time.LocalDate;

/**
 * Waits for the London close plus five minutes (a sensor in reschedule mode, so the worker is free between pokes)
 * before checking and publishing the day's closing prices. Skips everything on days that are not LSE sessions.
 * Runs at the open of each session, so the sensor waits through the trading day without holding a worker.
 */
public final class ExampleCloseSensor implements DagDefinition {

    public static final String DAG_ID = "example_close_sensor";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Wait for the LSE close + 5 min with a rescheduling sensor, then check and publish")
                .owner("market-data")
                .tags("example", "sensor")
                .schedule(Schedules.sessionOpen("XLON"))
                .startDate(LocalDate.of(2025, 1, 2), "Europe/London")
                .catchup(false)
                .tasks(b -> {
                    TaskRef session = b.shortCircuit("is_session", new IsTradingSession("XLON"));
                    TaskRef wait = b.sensor("wait_for_close", TimeSensor.afterClose("XLON", Duration.ofMinutes(5)),
                            SensorSpec.reschedule(Duration.ofMinutes(1), Duration.ofHours(12)));
                    TaskRef check = b.task("check_closes", ctx -> {
                        ctx.log().info("close reached at {}", ctx.input("wait_for_close", String.class));
                        return "ok";
                    });
                    TaskRef publish = b.task("publish", ctx -> "published");
                    session.then(wait).then(check).then(publish);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }
}
