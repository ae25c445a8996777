package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.task.ExternalResource;
import io.pipeline.task.PokeResult;
import io.pipeline.task.ReleaseContext;
import io.pipeline.task.Sensor;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.TaskContext;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's side of external resources, with a resource that is only a name: handles survive pokes, a retry
 * after an execution timeout releases, a handle stored after the try was cleared is released, a failing release is
 * tried again later, and ordinary retries keep the handle.
 */
class ExternalResourceTest {

    /** Starts "resource r-<try>" on the first poke of each try; what happens next is up to the run's behaviour. */
    static final class Resource implements Sensor, ExternalResource {
        final List<String> released = new CopyOnWriteArrayList<>();
        final Set<String> failReleaseOnce = ConcurrentHashMap.newKeySet();
        final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>(); // by run id; default: not yet

        interface Behaviour {
            PokeResult poke(TaskContext ctx) throws Exception;
        }

        @Override
        public PokeResult poke(TaskContext ctx) throws Exception {
            if (ctx.handle().get("id").isEmpty() || ctx.handle().tryNumber() != ctx.tryNumber()) {
                ctx.handle().put("id", "r-" + ctx.tryNumber());
            }
            return behaviours.getOrDefault(ctx.runId(), c -> PokeResult.notYet()).poke(ctx);
        }

        @Override
        public void release(ReleaseContext ctx, Map<String, String> handle, String reason) {
            if (failReleaseOnce.remove(ctx.runId())) {
                throw new IllegalStateException("endpoint unavailable");
            }
            ctx.log().info("released {}", handle.get("id"));
            released.add(ctx.runId() + "|" + handle.get("id") + " (" + reason + ")");
        }
    }

    static EngineTestDriver driver;
    static Operations ops;
    static final Resource RESOURCE = new Resource();

    @BeforeAll
    static void engine() {
        Dag dag = DagBuilder.dag("ext").tasks(g -> g.sensor("hold", RESOURCE,
                        SensorSpec.reschedule(Duration.ofMinutes(1), Duration.ofHours(1)))
                .retries(1).retryDelay(Duration.ofMinutes(1)).executionTimeout(Duration.ofMillis(300))).build();
        driver = EngineTestDriver.create(TestDatabase.migratedDatabase(ExternalResourceTest.class),
                SettableClock.at("2026-03-02T12:00:00Z"), dag);
        var p = driver.parts();
        ops = new Operations(p.stores(), p.tx(), p.clock(), driver.registry(), driver.runs(), p.recorder(), null);
    }

    @Test
    void the_handle_survives_pokes_and_an_ordinary_retry_keeps_it_for_the_next_try() {
        DagRunRow run = trigger("ext", "keeps");
        driver.settle();
        assertThat(handle(run)).containsEntry("id", "r-1");
        RESOURCE.behaviours.put("keeps", ctx -> {
            throw new IllegalStateException("status endpoint returned 503");
        });
        driver.advance(Duration.ofMinutes(1));
        driver.settle();
        assertThat(driver.state(run, "hold")).isEqualTo(TaskState.UP_FOR_RETRY);
        driver.tick();
        assertThat(released(run)).isEmpty();
        assertThat(handle(run)).as("kept for the next try").containsEntry("id", "r-1");

        RESOURCE.behaviours.put("keeps", ctx -> PokeResult.met(ctx.handle().get("id").orElseThrow()));
        driver.advance(Duration.ofMinutes(1));
        driver.settle();
        assertThat(driver.state(run, "hold")).isEqualTo(TaskState.SUCCESS);
        driver.tick();
        assertThat(released(run)).containsExactly("r-2 (success)");
        assertThat(driver.log(run, "hold", -1, 2)).contains("released r-2");
    }

    @Test
    void a_retry_after_an_execution_timeout_releases_the_resource() {
        RESOURCE.behaviours.put("slow_poke", ctx -> {
            Thread.sleep(10_000);
            return PokeResult.notYet();
        });
        DagRunRow run = trigger("ext", "slow_poke");
        driver.settle();
        assertThat(driver.state(run, "hold")).isEqualTo(TaskState.UP_FOR_RETRY);
        driver.tick();
        assertThat(released(run)).singleElement().asString()
                .startsWith("r-1 (up_for_retry: execution timeout: task ext/slow_poke/hold");
    }

    @Test
    void a_handle_stored_after_the_try_was_cleared_is_released() {
        DagRunRow run = trigger("ext", "cleared_mid_poke");
        driver.settle();
        RESOURCE.behaviours.put("cleared_mid_poke", ctx -> {
            ops.clear(ClearRequest.of("ext", TaskScope.ids("hold"), RunScope.run("cleared_mid_poke")),
                    Actor.api("bob"));
            ctx.handle().put("step", "2"); // the try's claim is over: written as a release request
            return PokeResult.notYet();
        });
        driver.advance(Duration.ofMinutes(1));
        driver.tick();
        driver.runQueued();
        RESOURCE.behaviours.remove("cleared_mid_poke");
        driver.tick();
        assertThat(released(run)).anyMatch(r -> r.startsWith("r-1 (none: cleared by bob (api))"))
                .anyMatch(r -> r.contains("ended before it stored its handle"));
    }

    @Test
    void a_release_that_fails_is_tried_again_later() {
        DagRunRow run = trigger("ext", "release_fails");
        driver.settle();
        RESOURCE.failReleaseOnce.add("release_fails");
        ops.clear(ClearRequest.of("ext", TaskScope.ids("hold"), RunScope.run("release_fails")),
                Actor.api("bob"));
        driver.tick();
        assertThat(released(run)).isEmpty();
        assertThat(driver.log(run, "hold", -1, 1)).contains("could not release {id=r-1}; trying again in PT30S")
                .contains("endpoint unavailable");
        driver.advance(Duration.ofSeconds(29));
        driver.tick();
        assertThat(released(run)).isEmpty();
        driver.advance(Duration.ofSeconds(1));
        driver.tick();
        assertThat(released(run)).containsExactly("r-1 (none: cleared by bob (api))");
    }

    /** What was released for this run (other tests' runs go on poking with the same resource). */
    private static List<String> released(DagRunRow run) {
        return RESOURCE.released.stream().filter(r -> r.startsWith(run.runId() + "|"))
                .map(r -> r.substring(run.runId().length() + 1)).toList();
    }

    /** A manual run a minute after the previous one (manual runs are keyed by their logical date, now). */
    private static DagRunRow trigger(String dagId, String runId) {
        driver.advance(Duration.ofMinutes(1));
        return driver.trigger(dagId, runId, Map.of());
    }

    private static Map<String, Object> handle(DagRunRow run) {
        return driver.parts().jdbc().sql("""
                SELECT handle::text FROM task_handle WHERE ti_id = :ti AND release_reason IS NULL""")
                .param("ti", driver.ti(run, "hold", -1).id())
                .query((rs, n) -> tools.jackson.databind.json.JsonMapper.builder().build()
                        .readValue(rs.getString(1), Map.class))
                .single();
    }
}
