package io.pipeline.testing;

/** A running PostgreSQL for tests, with a superuser. */
public interface TestPostgresServer {

    String jdbcUrl(String database);

    String username();

    String password();
}
