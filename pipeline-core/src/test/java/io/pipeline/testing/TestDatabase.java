package io.pipeline.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, a fresh database per caller (normally per test
 * class), migrated with the project's Flyway scripts. Each database's session time zone is set to a non-UTC zone so
 * that code which leans on the server's zone shows up as failing tests. With {@code -Dpipeline.test.database=NAME}
 * (the {@code testcontainers} Maven profile sets it) the server is another {@link TestPostgresProvider}'s.
 */
public final class TestDatabase {

    /** The session time zone of every test database. Not UTC on purpose. */
    public static final String SESSION_TIME_ZONE = "America/Sao_Paulo";

    /** Selects the server: {@code embedded} (default) or a {@link TestPostgresProvider}'s name. */
    public static final String DATABASE_PROPERTY = "pipeline.test.database";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static TestPostgresServer server;

    private TestDatabase() {
    }

    public static synchronized TestPostgresServer server() {
        if (server == null) {
            String kind = System.getProperty(DATABASE_PROPERTY, "embedded");
            server = kind.equals("embedded") ? embedded() : provided(kind);
        }
        return server;
    }

    private static TestPostgresServer provided(String kind) {
        return ServiceLoader.load(TestPostgresProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(kind))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(DATABASE_PROPERTY + "=" + kind
                        + " names no test database on the class path (the testcontainers one comes with"
                        + " -Ptestcontainers)"))
                .start();
    }

    private static TestPostgresServer embedded() {
        EmbeddedPostgres started;
        try {
            started = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }));
        return new TestPostgresServer() {
            @Override
            public String jdbcUrl(String database) {
                return "jdbc:postgresql://localhost:" + started.getPort() + "/" + database;
            }

            @Override
            public String username() {
                return "postgres";
            }

            @Override
            public String password() {
                return "postgres";
            }
        };
    }

    /** A new, empty database (no tables), with a pool of at most {@code poolSize} connections. */
    public static HikariDataSource emptyDatabase(String hint, int poolSize) {
        String name = (hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + COUNTER.incrementAndGet()).toLowerCase(Locale.ROOT);
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
        }
        TestPostgresServer pg = server();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.username(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
            s.execute("ALTER DATABASE \"" + name + "\" SET timezone TO '" + SESSION_TIME_ZONE + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(name));
        config.setUsername(pg.username());
        config.setPassword(pg.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setPoolName("test-" + name);
        return new HikariDataSource(config);
    }

    /** A new database migrated with every script under {@code db/migration}. */
    public static HikariDataSource migratedDatabase(String hint, int poolSize) {
        HikariDataSource ds = emptyDatabase(hint, poolSize);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                .load().migrate();
        return ds;
    }

    /** A new migrated database with a pool of 10. */
    public static HikariDataSource migratedDatabase(Class<?> testClass) {
        return migratedDatabase(testClass.getSimpleName(), 10);
    }

    public static String jdbcUrl(String database) {
        return server().jdbcUrl(database);
    }
}
