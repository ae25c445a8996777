package io.pipeline.testing;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The tests' PostgreSQL in a {@code postgres:17} container, for machines with a Docker engine. Compiled and selected
 * only by the {@code testcontainers} Maven profile (see docs/decisions/testcontainers.md); the default build starts
 * the embedded server.
 */
public final class TestcontainersPostgres implements TestPostgresProvider {

    static final String IMAGE = "postgres:17";

    @Override
    public String name() {
        return "testcontainers";
    }

    @Override
    public TestPostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withUsername("postgres")
                .withPassword("postgres")
                // the same settings as the embedded test server: many pools, no durability needed
                .withCommand("postgres", "-c", "max_connections=400", "-c", "fsync=off",
                        "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new TestPostgresServer() {
            @Override
            public String jdbcUrl(String database) {
                return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/" + database;
            }

            @Override
            public String username() {
                return container.getUsername();
            }

            @Override
            public String password() {
                return container.getPassword();
            }
        };
    }
}
