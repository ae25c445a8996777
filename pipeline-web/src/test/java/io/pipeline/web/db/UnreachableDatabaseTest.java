package io.pipeline.web.db;

import io.pipeline.web.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting the service against a database nobody listens on, or with an embedded PostgreSQL that cannot start: one
 * clear error, no password, non-zero exit.
 */
class UnreachableDatabaseTest {

    private static final String PASSWORD = "Hunter2-do-not-print";

    @TempDir
    Path dataDir;

    @Test
    void an_unreachable_database_stops_the_start_with_one_message_naming_host_and_port() throws IOException {
        int port = closedPort();

        JavaProcess.Result r = JavaProcess.mainClass(Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + port + "/pipeline",
                "SPRING_DATASOURCE_USERNAME", "pipeline",
                "SPRING_DATASOURCE_PASSWORD", PASSWORD,
                "PIPELINE_DATA_DIR", dataDir.toString(),
                "SERVER_PORT", "0"), Duration.ofSeconds(90));

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Cannot connect to the database at 127.0.0.1:" + port)
                .contains("SPRING_DATASOURCE_URL")
                .doesNotContain(PASSWORD);
        assertThat(r.output().lines().filter(line -> line.matches("\\s+at [\\w$.]+\\(.*"))).as(r.output()).isEmpty();
    }

    @Test
    void an_embedded_server_that_cannot_start_stops_the_start_with_one_message_naming_the_data_dir()
            throws IOException {
        Files.createDirectories(dataDir.resolve("postgres"));
        Files.writeString(dataDir.resolve("postgres/notes.txt"), "not a PostgreSQL data directory\n");

        JavaProcess.Result r = JavaProcess.mainClass(Map.of(
                "PIPELINE_DATA_DIR", dataDir.toString(),
                "SERVER_PORT", "0"), Duration.ofSeconds(180));

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("initdb")
                .contains("Check that " + dataDir.toAbsolutePath() + " is writable");
        assertThat(r.output().lines().filter(line -> line.matches("\\s+at [\\w$.]+\\(.*"))).as(r.output()).isEmpty();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
