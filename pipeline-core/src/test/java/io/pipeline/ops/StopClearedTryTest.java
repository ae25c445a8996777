package io.pipeline.ops;

import io.pipeline.dag.DagBuilder;
import io.pipeline.engine.TryOutcome;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A try whose TI an operator clears while its body runs on a worker: the node's next heartbeat sees the TI is no
 * longer its own and interrupts the body, the outcome is dropped, and the worker thread carries no interrupt on.
 */
class StopClearedTryTest {

    static EngineTestDriver driver;
    static Operations ops;
    static final ExecutorService WORKER = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void engine() {
        driver = EngineTestDriver.create(TestDatabase.migratedDatabase(StopClearedTryTest.class),
                SettableClock.at("2026-03-02T12:00:00Z"),
                DagBuilder.dag("slow").tasks(g -> g.task("wait", ctx -> {
                    new CountDownLatch(1).await();
                    return "never";
                })).build());
        var p = driver.parts();
        ops = new Operations(p.stores(), p.tx(), p.clock(), driver.registry(), driver.runs(), p.recorder(), null);
    }

    @AfterAll
    static void stop() {
        WORKER.shutdownNow();
    }

    @Test
    void clearing_a_running_try_stops_its_body_at_the_next_heartbeat() throws Exception {
        DagRunRow run = driver.runs().trigger("slow", "stop_me", null, null, null);
        driver.tick();
        ClaimedTi claimed = driver.claim(1).getFirst();
        Future<Object[]> body = WORKER.submit(() -> {
            TryOutcome outcome = driver.parts().runner().run(claimed);
            return new Object[] {outcome, Thread.currentThread().isInterrupted()};
        });
        await(() -> driver.parts().running().executing().contains(claimed));

        driver.parts().newHeartbeater().beat();
        assertThat(body.isDone()).as("a heartbeat leaves a try that is still its node's alone").isFalse();

        ops.clear(ClearRequest.of("slow", TaskScope.ids("wait"), RunScope.run(run.runId())), OpsTestKit.alice());
        driver.parts().newHeartbeater().beat();

        Object[] result = body.get(10, TimeUnit.SECONDS);
        TryOutcome outcome = (TryOutcome) result[0];
        assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
        assertThat(outcome.error()).contains("Interrupted");
        assertThat((Boolean) result[1]).as("no interrupt leaks into the worker thread's next try").isFalse();
        assertThat(driver.parts().running().executing()).isEmpty();
        assertThat(driver.parts().finisher().finish(List.of(outcome), 0).written()).isEmpty();
        driver.parts().running().finished(claimed);
        assertThat(driver.state(run, "wait")).isEqualTo(TaskState.NONE);
        assertThat(driver.tis().detail("slow", run.runId(), "wait", -1).orElseThrow().tries()).singleElement()
                .satisfies(t -> assertThat(t.error()).isEqualTo("cleared by alice (api)"));
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
