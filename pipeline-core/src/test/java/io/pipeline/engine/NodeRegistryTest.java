package io.pipeline.engine;

import io.pipeline.engine.NodeRegistry.NodeState;
import io.pipeline.engine.NodeRegistry.NodeView;
import io.pipeline.store.NodeRepository;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/** Node states from heartbeat age against the lost threshold, running tries per node, and unserved queues. */
class NodeRegistryTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static DataSource ds;
    static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(NodeRegistryTest.class.getSimpleName(), 4);
        jdbc = JdbcClient.create(ds);
        NodeRepository nodes = new NodeRepository(jdbc);
        nodes.register("worker-a", "host-a", List.of("scheduler", "worker"), List.of("default"), 8, T0);
        nodes.register("worker-big", "host-b", List.of("worker"), List.of("big"), 2, T0);
        nodes.register("gone", "host-c", List.of("worker"), List.of("default", "gpu"), 4, T0);
        nodes.stopped("gone", T0.plusSeconds(5));
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES ('d', now(), now())").update();
        long run = jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                    data_interval_end, run_after, created_at, updated_at)
                VALUES ('d', 'r1', 'manual', 'running', now(), now(), now(), now(), now(), now()) RETURNING id""")
                .query(Long.class).single();
        insertTi(run, "t", 0, "running", "big", "worker-big", T0.plusSeconds(1));
        insertTi(run, "t", 1, "running", "big", "worker-big", T0.plusSeconds(2));
        insertTi(run, "u", -1, "queued", "gpu", null, null);
        insertTi(run, "v", -1, "queued", "default", null, null);
    }

    static void insertTi(long run, String task, int mapIndex, String state, String queue, String node, Instant start) {
        jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries, queue,
                    node_id, start_date, heartbeat_at, updated_at)
                VALUES (:run, 'd', :task, :mi, :state, 1, 1, :queue, :node, :start, :start, now())""")
                .param("run", run).param("task", task).param("mi", mapIndex).param("state", state)
                .param("queue", queue).param("node", node)
                .param("start", start == null ? null : java.sql.Timestamp.from(start)).update();
    }

    @Test
    void a_node_is_alive_within_the_threshold_lost_past_it_and_stopped_when_it_said_so() {
        SettableClock clock = new SettableClock(T0.plusSeconds(60));
        NodeRegistry registry = new NodeRegistry(new NodeRepository(jdbc), clock, Duration.ofSeconds(60));

        assertThat(registry.nodes()).extracting(v -> v.row().nodeId(), NodeView::state).containsExactly(
                tuple("gone", NodeState.STOPPED),
                tuple("worker-a", NodeState.ALIVE),
                tuple("worker-big", NodeState.ALIVE));

        clock.set(T0.plusSeconds(61));
        assertThat(registry.node("worker-a").orElseThrow().state()).isEqualTo(NodeState.LOST);
        assertThat(registry.node("gone").orElseThrow().state()).isEqualTo(NodeState.STOPPED);
        assertThat(registry.node("nope")).isEmpty();
    }

    @Test
    void a_draining_node_is_stopping_while_it_heartbeats_serves_no_queue_and_is_lost_when_silent() {
        NodeRepository nodes = new NodeRepository(jdbc);
        nodes.register("draining", "host-d", List.of("worker"), List.of("drain_q"), 2, T0);
        nodes.stopping("draining");
        nodes.heartbeat("draining", T0.plusSeconds(5));
        SettableClock clock = new SettableClock(T0.plusSeconds(30));
        NodeRegistry registry = new NodeRegistry(nodes, clock, Duration.ofSeconds(60));

        assertThat(registry.node("draining").orElseThrow().state()).isEqualTo(NodeState.STOPPING);
        assertThat(registry.served("drain_q")).as("a stopping node claims nothing").isFalse();

        clock.set(T0.plusSeconds(70));
        assertThat(registry.node("draining").orElseThrow().state()).isEqualTo(NodeState.LOST);
        nodes.stopped("draining", T0.plusSeconds(71));
        assertThat(registry.node("draining").orElseThrow().state()).isEqualTo(NodeState.STOPPED);
        jdbc.sql("DELETE FROM node WHERE node_id = 'draining'").update();
    }

    @Test
    void each_node_lists_its_running_tries_oldest_first() {
        NodeRegistry registry = new NodeRegistry(new NodeRepository(jdbc), new SettableClock(T0), Duration.ofSeconds(60));

        NodeView big = registry.node("worker-big").orElseThrow();
        assertThat(big.row().runningTis()).isEqualTo(2);
        assertThat(big.running()).extracting(t -> t.taskId() + "[" + t.mapIndex() + "] " + t.runId() + " try "
                + t.tryNumber()).containsExactly("t[0] r1 try 1", "t[1] r1 try 1");
        assertThat(registry.node("worker-a").orElseThrow().running()).isEmpty();
    }

    @Test
    void a_queue_is_unserved_when_only_stopped_or_lost_nodes_serve_it() {
        SettableClock clock = new SettableClock(T0.plusSeconds(10));
        NodeRegistry registry = new NodeRegistry(new NodeRepository(jdbc), clock, Duration.ofSeconds(60));

        assertThat(registry.unservedQueues()).containsExactly(entry("gpu", 1));
        assertThat(registry.served("big")).isTrue();

        clock.set(T0.plusSeconds(120));
        assertThat(registry.unservedQueues()).containsExactly(entry("default", 1), entry("gpu", 1));
        assertThat(registry.served("big")).isFalse();
    }
}
