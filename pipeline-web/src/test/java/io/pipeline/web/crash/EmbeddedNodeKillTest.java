package io.pipeline.web.crash;

import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.Await;
import io.pipeline.web.testing.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node on its embedded PostgreSQL, killed with SIGKILL mid-run and started again on the same data dir: its
 * orphaned postmaster is stopped, the database recovers, the run completes with no TI lost and the tries from
 * before the kill still in the history. See docs/decisions/crash-safety-tests.md.
 */
class EmbeddedNodeKillTest {

    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration LOST_THRESHOLD = Duration.ofSeconds(4);
    static final int WIDTH = 398; // with start and join: 400 TIs
    static final String RUN = "kill_and_restart";

    @TempDir
    Path dataDir;
    final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopNodeAndItsDatabase() throws IOException {
        for (NodeProcess node : nodes) {
            node.stop(Duration.ofSeconds(60)); // a clean stop stops the embedded PostgreSQL too
        }
        // a failure between the kill and the restart leaves the killed node's postmaster running
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
    }

    @Test
    void a_node_killed_mid_run_on_its_embedded_database_finishes_the_run_after_a_restart() throws Exception {
        Map<String, String> env = Map.of(
                "PIPELINE_NODE_HEARTBEAT_INTERVAL", HEARTBEAT.toSeconds() + "s",
                "PIPELINE_NODE_LOST_THRESHOLD", LOST_THRESHOLD.toSeconds() + "s");
        NodeProcess first = start(env);
        ApiClient.Response triggered = first.api().post("/api/v1/dags/stress_fanout/dagRuns",
                "{\"dag_run_id\": \"" + RUN + "\", \"conf\": {\"width\": " + WIDTH + ", \"sleep_ms\": 200}}");
        assertThat(triggered.status()).as(triggered.toString()).isEqualTo(200);
        RunHistory history = history();
        Await.until(Duration.ofSeconds(120), () -> List.of((int) history.running(), (int) history.succeeded()),
                c -> c.get(0) >= 4 && c.get(1) >= 50, "running tries after 50 TIs succeeded (running, succeeded)");

        long postmaster = postmasterPid().orElseThrow();
        Instant killedAt = Instant.now();
        first.kill();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("orphaned postmaster").contains(true);
        Thread.sleep(500); // lets PostgreSQL notice the dropped connections and roll back what they had open
        Map<Long, Instant> lost = history.runningOn("solo");
        List<String> triesBefore = history.finishedTries();
        assertThat(lost).as("tries running when the node was killed").isNotEmpty();
        assertThat(history.succeeded()).as("killed mid-run").isLessThan(WIDTH + 2);

        NodeProcess second = start(env);
        assertThat(second.logText()).contains("stopping an orphaned embedded PostgreSQL (pid " + postmaster + ")");
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        Await.until(Duration.ofSeconds(120), history::runState, s -> s.equals("success") || s.equals("failed"),
                "the run to finish after the restart");

        assertThat(history.runState()).isEqualTo("success");
        assertThat(history.runsOfDag()).isEqualTo(1);
        assertThat(history.stateCounts()).containsExactly("success " + (WIDTH + 2));
        assertThat(history.finishedTries()).as("the tries recorded before the kill").containsAll(triesBefore);
        assertThat(history.overlappingTries()).isEmpty();
        assertThat(history.tisWithMissingTries()).isEmpty();
        // the restarted node's start-up counts against the threshold: it reaps once its loop runs
        history.assertLostTriesRetried("solo", lost, killedAt, LOST_THRESHOLD, Duration.ofSeconds(180), false);
    }

    private NodeProcess start(Map<String, String> env) {
        NodeProcess node = NodeProcess.start("solo", dataDir, env);
        nodes.add(node);
        return node.awaitReady(Duration.ofSeconds(180));
    }

    /** A fresh connection per statement, so that none is held open across the kill and the restart. */
    private RunHistory history() throws IOException {
        String url = "jdbc:postgresql://localhost:" + Files.readString(dataDir.resolve("postgres.port")).trim()
                + "/pipeline";
        return new RunHistory(JdbcClient.create(new DriverManagerDataSource(url, "postgres", "")), RUN);
    }

    private Optional<Long> postmasterPid() throws IOException {
        Path pid = dataDir.resolve("postgres/postmaster.pid");
        return Files.exists(pid) ? Optional.of(Long.parseLong(Files.readAllLines(pid).getFirst().trim()))
                : Optional.empty();
    }
}
