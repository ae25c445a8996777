package io.pipeline.alert;

import io.pipeline.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The background loop: runs its steps, survives a failing one, wakes on a signal, stops. */
class AlertRunnerTest {

    private final SettableClock clock = SettableClock.at("2026-03-02T21:00:00Z");

    @Test
    void a_failing_step_is_reported_and_does_not_stop_the_others() {
        AtomicInteger delivered = new AtomicInteger();
        AlertRunner runner = new AlertRunner(List.of(
                new AlertRunner.Step("check deadlines", () -> {
                    throw new IllegalStateException("database unreachable");
                }),
                new AlertRunner.Step("deliver alerts", () -> delivered.incrementAndGet() + 2)),
                Duration.ofSeconds(1), clock, new AlertSignal());

        assertThat(runner.runOnce()).isEqualTo(3);
        assertThat(delivered).hasValue(1);
        assertThat(runner.lastError()).isEqualTo("check deadlines: java.lang.IllegalStateException: database unreachable");
        assertThat(runner.lastPassAt()).isNull();
    }

    @Test
    void a_clean_round_records_when_it_passed() {
        AlertRunner runner = new AlertRunner(List.of(new AlertRunner.Step("noop", () -> 0)),
                Duration.ofSeconds(1), clock, new AlertSignal());
        runner.runOnce();
        assertThat(runner.lastError()).isNull();
        assertThat(runner.lastPassAt()).isEqualTo(clock.instant());
    }

    @Test
    void a_signal_wakes_the_loop_long_before_its_poll_interval() {
        AtomicInteger rounds = new AtomicInteger();
        AlertSignal signal = new AlertSignal();
        AlertRunner runner = new AlertRunner(List.of(new AlertRunner.Step("count", () -> {
            rounds.incrementAndGet();
            return 0;
        })), Duration.ofHours(1), clock, signal);
        runner.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 1);
            signal.signal();
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 2);
        } finally {
            runner.stop();
        }
        assertThat(runner.isRunning()).isFalse();
    }
}
