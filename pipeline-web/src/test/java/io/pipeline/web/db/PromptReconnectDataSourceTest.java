package io.pipeline.web.db;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pool's connection source against a real PostgreSQL that is stopped and started again on the same files and
 * port: once connected, a refused connection is retried until the server is back and the connection is made within
 * a retry interval of it; before the first connection, after the pool closed, and for a wrong password it fails at
 * once. Also the pool as the application configures it ({@link ConnectionPoolConfiguration}).
 */
class PromptReconnectDataSourceTest {

    @TempDir
    Path pgDir;
    EmbeddedPostgres pg;

    @AfterEach
    void stop() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void once_connected_a_refused_connection_is_retried_until_the_server_is_back() throws Exception {
        int port = freePort();
        PromptReconnectDataSource source = new PromptReconnectDataSource(driver(port, "postgres"), () -> false);
        assertThatThrownBy(source::getConnection).as("nothing listens yet, and nothing was ever connected")
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(PromptReconnectDataSource.refused((SQLException) e)).isTrue());

        pg = start(port);
        source.getConnection().close();
        pg.close();
        pg = null;

        CompletableFuture<Instant> connected = CompletableFuture.supplyAsync(() -> {
            try (Connection c = source.getConnection()) {
                return Instant.now();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1500);
        assertThat(connected).as("still waiting for the server").isNotDone();
        pg = start(port);
        Instant back = Instant.now();
        Instant at = connected.get(30, TimeUnit.SECONDS);
        // The server may accept connections a moment before start() returns; the bound is one retry plus slack for
        // a loaded machine.
        assertThat(Duration.between(back, at)).isLessThanOrEqualTo(
                PromptReconnectDataSource.RETRY_INTERVAL.plus(Duration.ofMillis(800)));
    }

    @Test
    void a_closed_pool_or_a_wrong_password_fails_at_once() throws Exception {
        int port = freePort();
        pg = start(port);
        AtomicBoolean closed = new AtomicBoolean();
        PromptReconnectDataSource source = new PromptReconnectDataSource(driver(port, "postgres"), closed::get);
        source.getConnection().close();

        PromptReconnectDataSource wrongPassword = new PromptReconnectDataSource(driver(port, "postgres"), () -> false);
        wrongPassword.getConnection().close();
        long start = System.nanoTime();
        assertThatThrownBy(() -> wrongPassword.getConnection("no_such_user", "x")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(PromptReconnectDataSource.refused((SQLException) e)).isFalse());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        pg.close();
        pg = null;
        closed.set(true);
        start = System.nanoTime();
        assertThatThrownBy(source::getConnection).isInstanceOf(SQLException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void the_application_pool_makes_its_connections_through_it() throws Exception {
        int port = freePort();
        pg = start(port);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
            pool.setUsername("postgres");
            pool.setPassword("postgres");
            Object processed = ConnectionPoolConfiguration.promptReconnect()
                    .postProcessAfterInitialization(pool, "dataSource");
            assertThat(processed).isSameAs(pool);
            assertThat(pool.getDataSource()).isInstanceOf(PromptReconnectDataSource.class);
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    private static PGSimpleDataSource driver(int port, String user) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        ds.setUser(user);
        ds.setPassword("postgres");
        return ds;
    }

    private EmbeddedPostgres start(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
