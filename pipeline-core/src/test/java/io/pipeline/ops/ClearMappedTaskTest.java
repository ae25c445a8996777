package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Clearing the instances of a mapped (expanded) task re-runs each of them with a new try. */
class ClearMappedTaskTest {

    static final AtomicBoolean SECOND_FAILS = new AtomicBoolean();
    static EngineTestDriver driver;
    static Operations ops;

    /** {@code items >> work (mapped over three items) >> total}; item 2 fails while {@link #SECOND_FAILS} is set. */
    static Dag dag() {
        return DagBuilder.dag("mapped_clear")
                .tasks(g -> {
                    var items = g.task("items", ctx -> List.of(1, 2, 3));
                    var work = g.task("work", ctx -> {
                        int item = ctx.mapItem(Integer.class);
                        if (item == 2 && SECOND_FAILS.get()) {
                            throw new IllegalStateException("item 2 broke");
                        }
                        return item * 10;
                    }).expand(items);
                    var total = g.task("total", ctx -> ctx.inputs("work", Integer.class).stream()
                            .mapToInt(Integer::intValue).sum());
                    items.then(work).then(total);
                })
                .build();
    }

    @BeforeAll
    static void engine() {
        driver = EngineTestDriver.create(TestDatabase.migratedDatabase(ClearMappedTaskTest.class),
                SettableClock.at("2026-03-02T12:00:00Z"), dag());
        var p = driver.parts();
        ops = new Operations(p.stores(), p.tx(), p.clock(), driver.registry(), driver.runs(), p.recorder(), null);
    }

    @BeforeEach
    void aMinuteLater() {
        driver.advance(Duration.ofMinutes(1));
    }

    @Test
    void clearing_a_failed_mapped_task_reruns_its_instances_and_the_run_succeeds() {
        SECOND_FAILS.set(true);
        DagRunRow run = driver.runs().trigger("mapped_clear", "failed_item", null, null, null);
        driver.settle();
        assertThat(driver.state(run, "work", 1)).isEqualTo(TaskState.FAILED);
        assertThat(driver.state(run, "total")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(driver.runState("mapped_clear", run.runId())).isEqualTo(DagRunState.FAILED);

        SECOND_FAILS.set(false);
        ops.clear(ClearRequest.of("mapped_clear", TaskScope.ids("work").withDownstream(true),
                RunScope.run(run.runId())), OpsTestKit.alice());
        driver.settle();

        for (int i = 0; i < 3; i++) {
            assertThat(driver.state(run, "work", i)).as("work[%d]", i).isEqualTo(TaskState.SUCCESS);
            assertThat(driver.ti(run, "work", i).tryNumber()).as("work[%d] try", i).isEqualTo(2);
        }
        assertThat(driver.state(run, "total")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.runState("mapped_clear", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }
}
