package io.pipeline.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of a pass: a dataset wake-up runs the steps that create and start runs on data at the next boundary. */
class SchedulerLoopTest {

    private final List<String> ran = new ArrayList<>();
    private final AtomicReference<SchedulerLoop> loop = new AtomicReference<>();

    private SchedulerStep step(String name, Runnable also) {
        return new SchedulerStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(Instant now) {
                ran.add(name);
                also.run();
            }
        };
    }

    private SchedulerLoop loop(SchedulerStep... steps) {
        SchedulerLoop l = new SchedulerLoop(List.of(steps), EngineConfig.defaults("loop-test"),
                new EngineMetrics(new SimpleMeterRegistry()), new DbHealth(Clock.systemUTC()), Clock.systemUTC());
        loop.set(l);
        return l;
    }

    @Test
    void a_dataset_wake_up_during_a_pass_runs_the_dataset_steps_before_the_rest_of_the_pass() {
        SchedulerLoop l = loop(step("create_due_runs", () -> { }), step("create_dataset_runs", () -> { }),
                step("start_queued_runs", () -> { }),
                step("schedule_runs", () -> loop.get().wakeForDatasets()), step("admit", () -> { }),
                step("active_gauges", () -> { }));

        assertThat(l.runOnce()).isTrue();

        assertThat(ran).containsExactly("create_due_runs", "create_dataset_runs", "start_queued_runs",
                "schedule_runs", "create_dataset_runs", "start_queued_runs", "admit", "active_gauges");
    }

    @Test
    void a_dataset_wake_up_before_a_pass_runs_them_first_and_a_plain_wake_up_does_not() {
        SchedulerLoop l = loop(step("create_due_runs", () -> { }), step("create_dataset_runs", () -> { }),
                step("start_queued_runs", () -> { }), step("admit", () -> { }));
        l.wakeForDatasets();

        l.runOnce();
        l.wake();
        l.runOnce();

        assertThat(ran).containsExactly("create_dataset_runs", "start_queued_runs", "create_due_runs",
                "create_dataset_runs", "start_queued_runs", "admit",
                "create_due_runs", "create_dataset_runs", "start_queued_runs", "admit");
    }
}
