package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.NodeRepository;
import io.pipeline.testing.Await;
import io.pipeline.testing.EngineNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Per-queue routing with two engines (two nodes) on one database: a task runs only where its queue is served. */
class QueueRoutingTest {

    @RegisterExtension
    static final EngineNodes nodes = new EngineNodes();

    /** One finished try as recorded: which task, on which node, from when to when. */
    record Try(String taskId, String nodeId, Instant start, Instant end) {
    }

    @Test
    void a_task_pinned_to_queue_big_only_ever_runs_on_the_node_serving_big_within_its_worker_concurrency() {
        Dag dag = DagBuilder.dag("routed").maxActiveTasks(64).tasks(g -> {
            TaskRef items = g.task("items", ctx -> IntStream.range(0, 16).boxed().toList());
            TaskRef heavy = g.task("heavy", ctx -> {
                Thread.sleep(30);
                return ctx.mapItem(Integer.class);
            }).expand(items).queue("big");
            TaskRef light = g.task("light", ctx -> {
                Thread.sleep(30);
                return ctx.mapItem(Integer.class);
            }).expand(items);
            items.then(heavy, light);
        }).build();
        Engine small = nodes.start(EngineNodes.node("small-node").withWorkerConcurrency(4), dag);
        nodes.start(EngineNodes.node("big-node").withQueues(List.of("big")).withWorkerConcurrency(2), dag);

        DagRunRow run = nodes.trigger(small, "routed");
        awaitRun(run, DagRunState.SUCCESS);

        List<Try> tries = tries(run);
        assertThat(tries).hasSize(33);
        assertThat(tries).filteredOn(t -> t.taskId().equals("heavy")).hasSize(16)
                .allSatisfy(t -> assertThat(t.nodeId()).isEqualTo("big-node"));
        assertThat(tries).filteredOn(t -> !t.taskId().equals("heavy")).hasSize(17)
                .allSatisfy(t -> assertThat(t.nodeId()).isEqualTo("small-node"));
        assertThat(maxOverlap(tries, "big-node")).isBetween(1, 2);
        assertThat(maxOverlap(tries, "small-node")).isBetween(1, 4);
    }

    @Test
    void a_task_for_a_queue_no_node_serves_stays_queued_and_is_reported_until_a_node_serving_it_starts()
            throws InterruptedException {
        Dag dag = DagBuilder.dag("unserved").tasks(g -> {
            g.task("ok", ctx -> 1);
            g.task("on_gpu", ctx -> 2).queue("gpu");
        }).build();
        Engine plain = nodes.start(EngineNodes.node("plain-node"), dag);
        NodeRegistry registry = new NodeRegistry(new NodeRepository(nodes.jdbc()), Clock.systemUTC(),
                Duration.ofSeconds(10));

        DagRunRow run = nodes.trigger(plain, "unserved");
        Await.until(Duration.ofSeconds(30), "ok to succeed", () -> state(run, "ok") == TaskState.SUCCESS);
        // Several scheduler passes (200 ms) and claim polls (1 s) later it is still waiting, untried.
        Thread.sleep(1500);

        assertThat(state(run, "on_gpu")).isEqualTo(TaskState.QUEUED);
        assertThat(tries(run)).extracting(Try::taskId).containsExactly("ok");
        assertThat(registry.served("default")).isTrue();
        assertThat(registry.served("gpu")).isFalse();
        assertThat(registry.unservedQueues()).containsExactly(entry("gpu", 1));

        nodes.start(EngineNodes.node("gpu-node").withQueues(List.of("gpu")), dag);
        awaitRun(run, DagRunState.SUCCESS);

        assertThat(tries(run)).filteredOn(t -> t.taskId().equals("on_gpu")).singleElement()
                .extracting(Try::nodeId).isEqualTo("gpu-node");
        assertThat(registry.unservedQueues()).isEmpty();
    }

    private void awaitRun(DagRunRow run, DagRunState state) {
        Await.until(Duration.ofSeconds(60), "run " + run.runId() + " to be " + state, () -> nodes.jdbc()
                .sql("SELECT state FROM dag_run WHERE id = :id").param("id", run.id())
                .query(String.class).single().equals(state.value()));
    }

    private TaskState state(DagRunRow run, String taskId) {
        return nodes.instances().get(run.dagId(), run.runId(), taskId, -1).orElseThrow().state();
    }

    private List<Try> tries(DagRunRow run) {
        return nodes.jdbc().sql("""
                        SELECT i.task_id, t.node_id, t.start_date, t.end_date FROM task_try t
                        JOIN task_instance i ON i.id = t.ti_id WHERE i.run_pk = :run ORDER BY t.start_date""")
                .param("run", run.id())
                .query((rs, n) -> new Try(rs.getString("task_id"), rs.getString("node_id"),
                        rs.getTimestamp("start_date").toInstant(), rs.getTimestamp("end_date").toInstant()))
                .list();
    }

    /** The most tries of this node that were running at one instant. */
    private static int maxOverlap(List<Try> tries, String nodeId) {
        List<Try> mine = tries.stream().filter(t -> t.nodeId().equals(nodeId)).toList();
        return mine.stream().mapToInt(at -> (int) mine.stream()
                .filter(t -> !t.start().isAfter(at.start()) && t.end().isAfter(at.start())).count())
                .max().orElse(0);
    }
}
