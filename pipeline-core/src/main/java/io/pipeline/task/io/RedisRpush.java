package io.pipeline.task.io;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.RedisConnections;
import io.pipeline.task.Task;
import io.pipeline.task.TaskContext;

import java.util.Objects;
import java.util.Optional;

/**
 * Appends one message to a Redis list ({@code RPUSH}) through a {@code redis://} connection, the way job queues
 * such as RQ or a worker's BLPOP loop consume them. Outputs the list's length after the push. With
 * {@link #offlineToOutbox()} and no such connection configured, the message goes to the object store's outbox.
 */
public final class RedisRpush implements Task {

    private final String connectionId;
    private final KeyTemplate listKey;
    private final MessageBody body;
    private final boolean offlineToOutbox;

    private RedisRpush(String connectionId, KeyTemplate listKey, MessageBody body, boolean offlineToOutbox) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        this.listKey = Objects.requireNonNull(listKey, "listKey");
        this.body = Objects.requireNonNull(body, "body");
        this.offlineToOutbox = offlineToOutbox;
    }

    public static RedisRpush to(String connectionId, String listKey, MessageBody body) {
        return new RedisRpush(connectionId, KeyTemplate.of(listKey), body, false);
    }

    public RedisRpush offlineToOutbox() {
        return new RedisRpush(connectionId, listKey, body, true);
    }

    @Override
    public Object execute(TaskContext ctx) throws Exception {
        String message = body.render(ctx);
        String key = listKey.render(ctx);
        Optional<Connection> conn = ctx.resource(ConnectionRegistry.class).find(connectionId);
        if (conn.isEmpty() && offlineToOutbox) {
            String where = Outbox.write(ctx, "redis", key, message);
            ctx.log().warn("connection '{}' is not configured ({}): message for Redis list {} written to {}",
                    connectionId, ConnectionRegistry.envName(connectionId), key, where);
            return where;
        }
        Connection c = conn.orElseGet(() -> ctx.resource(ConnectionRegistry.class).get(connectionId));
        RedisClient client = RedisConnections.client(c);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            long length = redis.sync().rpush(key, message);
            ctx.log().info("pushed message onto Redis list {} (length now {})", key, length);
            return length;
        } catch (RedisException e) {
            throw new IllegalStateException("could not RPUSH to Redis list '" + key + "' via connection '"
                    + connectionId + "' (" + c.maskedUri() + "): " + e.getMessage(), e);
        } finally {
            client.shutdown();
        }
    }
}
