package io.pipeline.ops;

import io.pipeline.dag.DagBuilder;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DeferredWaitRepository.WaitRow;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.builtin.TimeSensor;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Clearing a deferred task instance ends its try, drops its wait and starts it over (it defers again). */
class ClearDeferredTest {

    @Test
    void clearing_a_deferred_sensor_ends_its_try_drops_its_wait_and_the_new_try_defers_again() {
        var ds = TestDatabase.migratedDatabase(ClearDeferredTest.class);
        EngineTestDriver driver = EngineTestDriver.create(ds, SettableClock.at("2026-03-09T13:30:00Z"),
                DagBuilder.dag("clear_deferred").tasks(g -> g.sensor("at_two", TimeSensor.at("14:00", "UTC"),
                        SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(6)))).build());
        var p = driver.parts();
        Operations ops = new Operations(p.stores(), p.tx(), p.clock(), driver.registry(), driver.runs(),
                p.recorder(), null);
        DagRunRow run = driver.trigger("clear_deferred");
        driver.settle();
        long tiId = driver.ti(run, "at_two", -1).id();
        WaitRow first = p.stores().waits().ofTi(tiId).orElseThrow();
        assertThat(driver.state(run, "at_two")).isEqualTo(TaskState.DEFERRED);

        ops.clear(ClearRequest.of("clear_deferred", TaskScope.ids("at_two"), RunScope.run(run.runId())),
                OpsTestKit.alice());
        assertThat(driver.tis().detail("clear_deferred", run.runId(), "at_two", -1).orElseThrow().tries())
                .singleElement().satisfies(t -> {
                    assertThat(t.state()).isEqualTo(TaskState.FAILED);
                    assertThat(t.error()).isEqualTo("cleared by alice (api)");
                });
        driver.advance(Duration.ofSeconds(5));
        driver.settle();

        assertThat(driver.state(run, "at_two")).isEqualTo(TaskState.DEFERRED);
        assertThat(driver.ti(run, "at_two", -1).tryNumber()).isEqualTo(2);
        WaitRow second = p.stores().waits().ofTi(tiId).orElseThrow();
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.tryNumber()).isEqualTo(2);
        driver.advance(Duration.between(driver.now(), Instant.parse("2026-03-09T14:00:00Z")));
        driver.settle();
        assertThat(driver.state(run, "at_two")).isEqualTo(TaskState.SUCCESS);
    }
}
