package io.pipeline.web.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server's life across processes, for real: a second process attaches to the server the first one
 * runs; when the first is killed (SIGKILL, so its PostgreSQL is orphaned and keeps running), the next start stops
 * the orphan, takes over the data directory and finds the committed data.
 */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void runs_the_bundled_major_and_refuses_files_of_another_major() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrAttach(dataDir, 0);
             Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            assertThat(rs.getInt(1) / 10000).isEqualTo(EmbeddedPostgresServer.MAJOR_VERSION);
        }
        Path old = dataDir.resolve("old");
        Files.createDirectories(old.resolve("postgres"));
        Files.writeString(old.resolve("postgres/PG_VERSION"), "14\n");

        assertThatThrownBy(() -> EmbeddedPostgresServer.startOrAttach(old, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("are of PostgreSQL 14, this version bundles PostgreSQL "
                        + EmbeddedPostgresServer.MAJOR_VERSION);
    }

    @Test
    void begins_with_the_port_known_and_reports_a_start_that_failed_on_its_thread_when_awaited() throws Exception {
        try (EmbeddedPostgresServer.Pending pending = EmbeddedPostgresServer.begin(dataDir, 0, Map.of())) {
            assertThat(Files.readString(dataDir.resolve("postgres.port")).trim())
                    .isEqualTo(String.valueOf(pending.port()));
            EmbeddedPostgresServer server = pending.await();
            assertThat(server.isOwner()).isTrue();
            assertThat(server.jdbcUrl()).isEqualTo(pending.jdbcUrl());
            try (Connection c = DriverManager.getConnection(pending.jdbcUrl(), EmbeddedPostgresServer.USER, "")) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("stopped on close").doesNotExist();

        Path notPostgres = dataDir.resolve("other");
        Files.createDirectories(notPostgres.resolve("postgres"));
        Files.writeString(notPostgres.resolve("postgres/notes.txt"), "not a PostgreSQL data directory\n");
        EmbeddedPostgresServer.Pending failing = EmbeddedPostgresServer.begin(notPostgres, 0, Map.of());
        assertThatThrownBy(failing::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("initdb");
        failing.close(); // nothing was started, nothing to stop
    }

    @Test
    void attaches_to_a_running_server_and_takes_over_after_its_owner_is_killed() throws Exception {
        Process owner = startOwner();
        try {
            int port = awaitReady(owner);

            EmbeddedPostgresServer attached = EmbeddedPostgresServer.startOrAttach(dataDir, 0);
            assertThat(attached.isOwner()).isFalse();
            assertThat(attached.port()).isEqualTo(port);
            assertThat(survivors(attached)).containsExactly("written before the kill");
            attached.close(); // must not stop the owner's server
            assertThat(survivors(attached)).containsExactly("written before the kill");

            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
            owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("orphaned postmaster").contains(true);

            try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.startOrAttach(dataDir, 0)) {
                assertThat(restarted.isOwner()).isTrue();
                assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
                assertThat(restarted.port()).as("remembered port").isEqualTo(port);
                assertThat(survivors(restarted)).containsExactly("written before the kill");
            }
            assertThat(dataDir.resolve("postgres/postmaster.pid")).as("clean stop").doesNotExist();
        } finally {
            owner.destroyForcibly();
        }
    }

    private Process startOwner() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EmbeddedServerMain.class.getName(), dataDir.toString()))
                .redirectErrorStream(true).start();
    }

    /** Reads the child's output until it reports the port (its log lines come first). */
    private static int awaitReady(Process owner) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("ready ")) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the child is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(6).trim());
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("the child did not start its server:\n" + seen);
    }

    private static List<String> survivors(EmbeddedPostgresServer server) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT note FROM survivor")) {
            List<String> notes = new ArrayList<>();
            while (rs.next()) {
                notes.add(rs.getString(1));
            }
            return notes;
        }
    }
}
