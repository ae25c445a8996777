package io.pipeline.web.testing;

import io.pipeline.store.NodeRepository;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Node rows as other nodes would have registered them in the application's database: an alive node running two
 * tries of a run, a node silent for ten minutes (lost), a stopped one serving queue {@code gpu}, and a task
 * instance queued in {@code gpu}. {@link #remove()} deletes them again.
 */
public final class NodeFixture {

    public static final String DAG = "nodes_fixture_dag";
    public static final String RUN = "nodes_fixture_run";
    public static final String ALIVE = "fixture-node-alive";
    public static final String LOST = "fixture-node-lost";
    public static final String STOPPED = "fixture-node-stopped";

    private final JdbcClient jdbc;

    public NodeFixture(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Instant now) {
        NodeRepository nodes = new NodeRepository(jdbc);
        nodes.register(ALIVE, "host-alive.example", List.of("scheduler", "worker"), List.of("default", "big"), 8,
                now.minusSeconds(300));
        nodes.heartbeat(ALIVE, now);
        nodes.register(LOST, "host-lost.example", List.of("worker"), List.of("big"), 2, now.minusSeconds(900));
        nodes.heartbeat(LOST, now.minusSeconds(600));
        nodes.register(STOPPED, "host-stopped.example", List.of("worker"), List.of("gpu"), 4, now.minusSeconds(900));
        nodes.stopped(STOPPED, now.minusSeconds(120));
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES (:d, now(), now())").param("d", DAG)
                .update();
        long run = jdbc.sql("""
                        INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                            data_interval_end, run_after, created_at, updated_at)
                        VALUES (:d, :r, 'manual', 'running', now(), now(), now(), now(), now(), now()) RETURNING id""")
                .param("d", DAG).param("r", RUN).query(Long.class).single();
        runningTi(run, "load", -1, 2, now.minusSeconds(30));
        runningTi(run, "split", 3, 1, now.minusSeconds(10));
        jdbc.sql("""
                        INSERT INTO task_instance (run_pk, dag_id, task_id, state, try_number, max_tries, queue,
                            queued_at, updated_at)
                        VALUES (:run, :d, 'on_gpu', 'queued', 1, 1, 'gpu', now(), now())""")
                .param("run", run).param("d", DAG).update();
    }

    private void runningTi(long run, String task, int mapIndex, int tryNumber, Instant start) {
        jdbc.sql("""
                        INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries,
                            queue, node_id, start_date, heartbeat_at, updated_at)
                        VALUES (:run, :d, :task, :mi, 'running', :try, 3, 'big', :node, :start, now(), now())""")
                .param("run", run).param("d", DAG).param("task", task).param("mi", mapIndex)
                .param("try", tryNumber).param("node", ALIVE).param("start", Timestamp.from(start)).update();
    }

    public void remove() {
        jdbc.sql("DELETE FROM dag_run WHERE dag_id = :d").param("d", DAG).update();
        jdbc.sql("DELETE FROM dag WHERE dag_id = :d").param("d", DAG).update();
        jdbc.sql("DELETE FROM node WHERE node_id IN (:a, :b, :c)").param("a", ALIVE).param("b", LOST)
                .param("c", STOPPED).update();
    }
}
