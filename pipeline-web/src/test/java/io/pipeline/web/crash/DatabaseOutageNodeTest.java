package io.pipeline.web.crash;

import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.Await;
import io.pipeline.web.testing.NodeProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node in its own JVM loses its PostgreSQL for 20 s mid-run (the server stopped, then started again on the same
 * files and port): the node does not exit, logs the outage once with its cause and once its end, starts tries again
 * within {@link #RESUME} of the server accepting connections, and the run completes with every TI successful, no try
 * taken for lost, in no more than a run without the outage takes plus the outage plus 5 s. The in-process
 * {@code DatabaseOutageTest} (pipeline-core) checks that no task body runs twice.
 */
class DatabaseOutageNodeTest {

    static final Duration OUTAGE = Duration.ofSeconds(20);
    static final Duration ALLOWANCE = Duration.ofSeconds(5);
    /**
     * From the server accepting connections again to the node's first new try: measured -0.02 to 0.18 s, and 4.8-4.9 s
     * before the pool retried refused connections itself (docs/decisions/crash-safety-tests.md).
     */
    static final Duration RESUME = Duration.ofSeconds(2);
    static final int WIDTH = 398; // with start and join: 400 TIs

    @TempDir
    Path pgDir;
    @TempDir
    Path nodeDir;
    EmbeddedPostgres pg;
    NodeProcess node;

    @AfterEach
    void stop() throws IOException {
        if (node != null) {
            node.stop(Duration.ofSeconds(30));
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void a_twenty_second_database_outage_costs_the_run_no_more_than_the_outage_plus_five_seconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pg = startServer(port);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
                .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                .load().migrate();
        JdbcClient sql = JdbcClient.create(new DriverManagerDataSource(url, "postgres", "postgres"));
        node = NodeProcess.start("outage-node", nodeDir, Map.of(
                "SPRING_DATASOURCE_URL", url,
                "SPRING_DATASOURCE_USERNAME", "postgres",
                "SPRING_DATASOURCE_PASSWORD", "postgres",
                "PIPELINE_NODE_HEARTBEAT_INTERVAL", "1s",
                "PIPELINE_NODE_LOST_THRESHOLD", "5s")).awaitReady(Duration.ofSeconds(180));

        RunHistory baseline = run(sql, "baseline");
        Await.until(Duration.ofSeconds(120), baseline::runState, "success"::equals, "the run without an outage");

        RunHistory history = run(sql, "outage");
        Await.until(Duration.ofSeconds(60), history::succeeded, n -> n >= 50, "50 TIs of the run succeeded");
        pg.close();
        Instant down = Instant.now();
        Thread.sleep(OUTAGE.toMillis());
        assertThat(node.isAlive()).as("the node kept running through the outage").isTrue();
        pg = startServer(port);
        Instant up = Instant.now();
        Duration outage = Duration.between(down, up);
        Await.until(Duration.ofSeconds(120), () -> {
            try {
                return history.runState();
            } catch (RuntimeException notYet) {
                return "database not reachable yet: " + notYet.getMessage();
            }
        }, s -> s.equals("success") || s.equals("failed"), "the run to finish after the outage");

        assertThat(history.runState()).isEqualTo("success");
        assertThat(history.stateCounts()).containsExactly("success " + (WIDTH + 2));
        assertThat(history.overlappingTries()).isEmpty();
        assertThat(history.tisWithMissingTries()).isEmpty();
        assertThat(history.triesThatFailed()).as("only tries that could not reach the database fail")
                .allSatisfy(e -> assertThat(e).startsWith("database unreachable"));
        assertThat(history.nodeLostTries()).as("tries taken for lost").isZero();
        String log = node.logText();
        assertThat(occurrences(log, "database unreachable (")).as("outage logged once:\n" + node.logTail()).isEqualTo(1);
        assertThat(log).containsPattern(Pattern.compile("database unreachable \\([^)]+\\): \\S*Exception"));
        assertThat(occurrences(log, "database reachable again after")).isEqualTo(1);
        assertThat(node.isAlive()).isTrue();
        // No try can start while the server is down, so the first one started after it went down is the node's first
        // claim after the outage (its start date is the node's clock; the server may accept connections a moment
        // before startServer returns, hence the difference may be negative).
        Duration resumed = Duration.between(up, history.firstTryStartedAfter(down));
        System.out.printf("run without outage %s, with a %s outage %s (bound %s); first try %s after the server was"
                        + " back (bound %s)%n", baseline.duration(), outage, history.duration(),
                baseline.duration().plus(outage).plus(ALLOWANCE), resumed, RESUME);
        assertThat(resumed).as("from the server accepting connections to the node's first new try")
                .isLessThanOrEqualTo(RESUME);
        assertThat(history.duration()).as("run time with the outage (%s) vs without (%s)", outage,
                baseline.duration()).isLessThanOrEqualTo(baseline.duration().plus(outage).plus(ALLOWANCE));
    }

    private RunHistory run(JdbcClient sql, String runId) {
        ApiClient.Response triggered = node.api().post("/api/v1/dags/stress_fanout/dagRuns",
                "{\"dag_run_id\": \"" + runId + "\", \"conf\": {\"width\": " + WIDTH + ", \"sleep_ms\": 250}}");
        assertThat(triggered.status()).as(triggered.toString()).isEqualTo(200);
        return new RunHistory(sql, runId);
    }

    private EmbeddedPostgres startServer(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
