package io.pipeline.connect;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

import java.time.Duration;

/**
 * Lettuce clients from {@code redis://[login:password@]host[:port][/db]} ({@code rediss} for TLS). Extras:
 * {@code timeout} in seconds (default 10).
 */
public final class RedisConnections {

    private RedisConnections() {
    }

    public static RedisURI uri(Connection c) {
        AwsClients.requireScheme(c, "redis", "rediss");
        if (!c.hasHost()) {
            throw new IllegalArgumentException("connection '" + c.id() + "' has no Redis host");
        }
        RedisURI.Builder b = RedisURI.builder()
                .withHost(c.host())
                .withPort(c.port() < 0 ? RedisURI.DEFAULT_REDIS_PORT : c.port())
                .withSsl(c.scheme().equals("rediss"))
                .withTimeout(Duration.ofSeconds(Long.parseLong(c.extra("timeout").orElse("10"))));
        if (c.password() != null) {
            if (c.login() != null) {
                b.withAuthentication(c.login(), c.password().toCharArray());
            } else {
                b.withPassword(c.password().toCharArray());
            }
        }
        if (!c.path().isEmpty()) {
            try {
                b.withDatabase(Integer.parseInt(c.path()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("connection '" + c.id() + "': Redis database '" + c.path()
                        + "' is not a number");
            }
        }
        return b.build();
    }

    /** A new client; the caller shuts it down. */
    public static RedisClient client(Connection c) {
        return RedisClient.create(uri(c));
    }
}
