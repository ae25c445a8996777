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

    @Test
    void the_pause_after_a_pass_ends_when_a_step_has_work_due_and_ignores_what_the_pass_already_had() {
        Instant now = Instant.parse("2026-01-06T20:59:59.700Z");
        AtomicReference<Instant> due = new AtomicReference<>();
        SchedulerStep create = new SchedulerStep() {
            @Override
            public String name() {
                return "create_due_runs";
            }

            @Override
            public void run(Instant at) {
            }

            @Override
            public Instant dueAt() {
                return due.get();
            }
        };
        SchedulerLoop l = new SchedulerLoop(List.of(create, step("admit", () -> { })),
                EngineConfig.defaults("loop-test"), new EngineMetrics(new SimpleMeterRegistry()),
                new DbHealth(Clock.systemUTC()), Clock.fixed(now, java.time.ZoneOffset.UTC));
        java.time.Duration interval = java.time.Duration.ofSeconds(1);
        Instant passStart = now.minusMillis(100);

        assertThat(l.untilDue(passStart, interval)).as("nothing known").isEqualTo(interval);
        due.set(Instant.parse("2026-01-06T21:00:00Z"));
        assertThat(l.untilDue(passStart, interval)).as("the close").isEqualTo(java.time.Duration.ofMillis(300));
        due.set(now.plusSeconds(5));
        assertThat(l.untilDue(passStart, interval)).as("after the interval").isEqualTo(interval);
        due.set(now.minusMillis(50));
        assertThat(l.untilDue(passStart, interval)).as("fell due during the pass").isEqualTo(java.time.Duration.ZERO);
        due.set(passStart);
        assertThat(l.untilDue(passStart, interval)).as("the pass had it: no pass back to back").isEqualTo(interval);
    }
}
