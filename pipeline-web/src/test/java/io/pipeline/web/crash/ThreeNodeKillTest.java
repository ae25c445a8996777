package io.pipeline.web.crash;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.engine.EngineConfig;
import io.pipeline.testing.TestDatabase;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.Await;
import io.pipeline.web.testing.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes, each its own JVM, on one PostgreSQL; a stress_fanout run of 2,000 TIs; one node killed with SIGKILL
 * while it runs tries. Nothing is lost, nothing runs twice at once, the dead node's tries are found within the lost
 * threshold plus one scheduler tick and retried on the others. See docs/decisions/crash-safety-tests.md.
 */
class ThreeNodeKillTest {

    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration LOST_THRESHOLD = Duration.ofSeconds(5);
    /** The scheduler loop's pause between passes, which the application leaves at the engine's default. */
    static final Duration TICK = EngineConfig.defaults("any").schedulerInterval();
    static final int WIDTH = 1998; // with start and join: 2,000 TIs
    static final String RUN = "kill_one_of_three";

    static HikariDataSource db;
    static JdbcClient sql;

    @TempDir
    Path dir;
    final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(ThreeNodeKillTest.class.getSimpleName(), 4);
        sql = JdbcClient.create(db);
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @AfterEach
    void killNodes() {
        NodeProcess.closeAll(nodes);
    }

    @Test
    void a_node_killed_mid_run_loses_no_task_instance_and_none_runs_on_two_nodes_at_once() throws Exception {
        Map<String, String> env = Map.of(
                "SPRING_DATASOURCE_URL", db.getJdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", db.getUsername(),
                "SPRING_DATASOURCE_PASSWORD", db.getPassword(),
                "PIPELINE_NODE_HEARTBEAT_INTERVAL", HEARTBEAT.toSeconds() + "s",
                "PIPELINE_NODE_LOST_THRESHOLD", LOST_THRESHOLD.toSeconds() + "s");
        for (String id : List.of("node-a", "node-b", "node-c")) {
            nodes.add(NodeProcess.start(id, dir.resolve(id), env));
        }
        nodes.forEach(n -> n.awaitReady(Duration.ofSeconds(240)));
        NodeProcess victim = nodes.get(1);

        ApiClient.Response triggered = nodes.get(0).api().post("/api/v1/dags/stress_fanout/dagRuns",
                "{\"dag_run_id\": \"" + RUN + "\", \"conf\": {\"width\": " + WIDTH + ", \"sleep_ms\": 150}}");
        assertThat(triggered.status()).as(triggered.toString()).isEqualTo(200);

        RunHistory history = new RunHistory(sql, RUN);
        Await.until(Duration.ofSeconds(120), () -> List.of(history.runningOn(victim.nodeId()).size(),
                        (int) history.succeeded()), c -> c.get(0) >= 4 && c.get(1) >= 100,
                "node-b running tries after 100 TIs of the run succeeded (running on node-b, succeeded)");
        Instant killedAt = Instant.now();
        victim.kill();
        Thread.sleep(500); // lets PostgreSQL notice the dropped connections and roll back what they had open
        Map<Long, Instant> lost = history.runningOn(victim.nodeId());
        assertThat(lost).as("tries node-b had running when killed").isNotEmpty();
        assertThat(history.succeeded()).as("killed mid-run").isLessThan(2000);

        Await.until(Duration.ofSeconds(180), history::runState, s -> s.equals("success") || s.equals("failed"),
                "the run to finish");

        assertThat(history.runState()).isEqualTo("success");
        assertThat(history.runsOfDag()).as("runs of stress_fanout").isEqualTo(1);
        assertThat(history.stateCounts()).containsExactly("success 2000");
        assertThat(history.overlappingTries()).as("tries of one TI that overlap in time").isEmpty();
        assertThat(history.tisWithMissingTries()).as("TIs whose every try is not in task_try").isEmpty();
        Duration slowest = history.assertLostTriesRetried(victim.nodeId(), lost, killedAt, LOST_THRESHOLD,
                LOST_THRESHOLD.plus(TICK), true);
        assertThat(history.nodeLostTriesNotOn(victim.nodeId())).as("tries of live nodes taken for lost").isZero();
        assertThat(nodes.get(0).isAlive() && nodes.get(2).isAlive()).as("the other nodes kept running").isTrue();
        System.out.printf("%d tries lost with node-b, all reaped within %s of the kill (threshold %s, tick %s)%n",
                lost.size(), slowest, LOST_THRESHOLD, TICK);
    }
}
