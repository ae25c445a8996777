package io.pipeline.testing;

/**
 * Another PostgreSQL for the tests than the embedded one, found with {@link java.util.ServiceLoader} when the system
 * property {@value TestDatabase#DATABASE_PROPERTY} names it. The Testcontainers one lives in
 * {@code src/test-testcontainers} and is compiled only by the {@code testcontainers} Maven profile.
 */
public interface TestPostgresProvider {

    /** The value of {@value TestDatabase#DATABASE_PROPERTY} that selects this provider. */
    String name();

    /** Starts the server; it lives until the JVM ends. */
    TestPostgresServer start();
}
