package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.NodeRepository;
import io.pipeline.store.TaskTryRow;
import io.pipeline.testing.Await;
import io.pipeline.testing.EngineNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node stopping with running tries, a second node on the same database: the stopping node stops claiming, lets
 * the tries that end within its grace period finish and records them, and hands the others back for the second node.
 */
class GracefulShutdownTest {

    @RegisterExtension
    static final EngineNodes nodes = new EngineNodes();

    @Test
    void a_stopping_node_finishes_short_tries_hands_long_ones_back_and_another_node_completes_them()
            throws InterruptedException {
        CountDownLatch bothRunning = new CountDownLatch(2);
        AtomicInteger longTries = new AtomicInteger();
        Dag dag = DagBuilder.dag("graceful").tasks(g -> {
            g.task("long", ctx -> {
                if (longTries.incrementAndGet() == 1) {
                    bothRunning.countDown();
                    new CountDownLatch(1).await(); // until the stop interrupts it
                }
                return "long done";
            });
            TaskRef shortTask = g.task("short", ctx -> {
                bothRunning.countDown();
                Thread.sleep(700); // still running when the stop begins, done well within the grace period
                return "short done";
            });
            shortTask.then(g.task("after_short", ctx -> "after"));
        }).build();
        Engine stopping = nodes.start(EngineNodes.node("stopping-node"), dag);
        DagRunRow run = nodes.trigger(stopping, "graceful");
        assertThat(bothRunning.await(30, TimeUnit.SECONDS)).as("long and short running").isTrue();
        nodes.start(EngineNodes.node("taking-over-node"), dag);

        NodeRegistry watching = new NodeRegistry(new NodeRepository(nodes.jdbc()), Clock.systemUTC(),
                Duration.ofSeconds(10));
        java.util.concurrent.atomic.AtomicBoolean sawStopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (!sawStopping.get() && !Thread.currentThread().isInterrupted()) {
                sawStopping.set(watching.node("stopping-node").orElseThrow().state()
                        == NodeRegistry.NodeState.STOPPING);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Instant stopBegan = Instant.now();
        stopping.stop(Duration.ofSeconds(2));
        Duration stopTook = Duration.between(stopBegan, Instant.now());
        watcher.interrupt();
        watcher.join(5_000);
        assertThat(sawStopping).as("the node showed as stopping while it drained").isTrue();

        assertThat(stopTook).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
        TaskInstanceDetail shortTi = detail(run, "short");
        assertThat(shortTi.instance().state()).isEqualTo(TaskState.SUCCESS);
        assertThat(shortTi.tries()).singleElement().satisfies(t -> {
            assertThat(t.nodeId()).isEqualTo("stopping-node");
            assertThat(t.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(t.endDate()).isAfter(stopBegan);
        });
        NodeRegistry registry = new NodeRegistry(new NodeRepository(nodes.jdbc()), Clock.systemUTC(),
                Duration.ofSeconds(10));
        assertThat(registry.node("stopping-node").orElseThrow().state()).isEqualTo(NodeRegistry.NodeState.STOPPED);
        assertThat(registry.node("stopping-node").orElseThrow().running()).isEmpty();

        Await.until(Duration.ofSeconds(30), "the run to succeed", () -> nodes.jdbc()
                .sql("SELECT state FROM dag_run WHERE id = :id").param("id", run.id()).query(String.class).single()
                .equals(DagRunState.SUCCESS.value()));
        TaskInstanceDetail longTi = detail(run, "long");
        assertThat(longTi.tries()).hasSize(2);
        TaskTryRow handedBack = longTi.tries().get(0);
        assertThat(handedBack.nodeId()).isEqualTo("stopping-node");
        assertThat(handedBack.error()).contains("handed back: node stopping-node stopped");
        assertThat(handedBack.endDate()).isAfterOrEqualTo(stopBegan.plusSeconds(2));
        assertThat(longTi.tries().get(1)).satisfies(t -> {
            assertThat(t.nodeId()).isEqualTo("taking-over-node");
            assertThat(t.state()).isEqualTo(TaskState.SUCCESS);
        });
        assertThat(longTi.instance().maxTries()).as("the handed-back try is not counted").isEqualTo(2);
        // Made ready by the short try's end during the grace period: the stopping node no longer claimed it.
        assertThat(detail(run, "after_short").tries()).singleElement()
                .satisfies(t -> assertThat(t.nodeId()).isEqualTo("taking-over-node"));
        assertThat(nodes.jdbc().sql("SELECT state FROM node WHERE node_id = 'stopping-node'").query(String.class)
                .single()).isEqualTo("stopped");
        assertThat(registry.node("taking-over-node").orElseThrow().state()).isEqualTo(NodeRegistry.NodeState.ALIVE);
    }

    @Test
    void a_try_that_ignores_the_interrupt_is_handed_back_when_the_node_stops_and_runs_again_elsewhere()
            throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        AtomicInteger tries = new AtomicInteger();
        Dag dag = DagBuilder.dag("stubborn").tasks(g -> g.task("stubborn", ctx -> {
            if (tries.incrementAndGet() == 1) {
                running.countDown();
                while (!release.get()) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ignored) {
                        // a body that does not stop when asked
                    }
                }
                return "late";
            }
            return "second";
        })).build();
        try {
            Engine stopping = nodes.start(EngineNodes.node("stubborn-node"), dag);
            DagRunRow run = nodes.trigger(stopping, "stubborn");
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            nodes.start(EngineNodes.node("rescue-node"), dag);

            stopping.stop(Duration.ofMillis(500));

            TaskTryRow first = detail(run, "stubborn").tries().getFirst();
            assertThat(first.nodeId()).isEqualTo("stubborn-node");
            assertThat(first.error()).contains("handed back: node stubborn-node stopped",
                    "did not stop when interrupted");
            Await.until(Duration.ofSeconds(30), "the run to succeed", () -> nodes.jdbc()
                    .sql("SELECT state FROM dag_run WHERE id = :id").param("id", run.id()).query(String.class)
                    .single().equals(DagRunState.SUCCESS.value()));
            TaskInstanceDetail ti = detail(run, "stubborn");
            assertThat(ti.tries()).hasSize(2);
            assertThat(ti.tries().get(1).nodeId()).isEqualTo("rescue-node");
            assertThat(ti.instance().maxTries()).isEqualTo(2);
            assertThat(nodes.instances().xcom("stubborn", run.runId(), "stubborn", -1, null).orElseThrow()
                    .valueJson()).isEqualTo("\"second\"");
        } finally {
            release.set(true);
        }
    }

    private TaskInstanceDetail detail(DagRunRow run, String taskId) {
        return nodes.instances().detail(run.dagId(), run.runId(), taskId, -1).orElseThrow();
    }
}
