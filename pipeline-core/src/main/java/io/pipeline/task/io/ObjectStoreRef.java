package io.pipeline.task.io;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.S3ObjectStore;
import io.pipeline.task.TaskContext;

/**
 * Which object store a task uses: the application's ({@code ctx.resource(ObjectStore.class)}) when no connection id
 * is given, otherwise an S3 store built from that connection ({@code ctx.resource(ConnectionRegistry.class)}). With
 * {@code orDefault}, a connection that is not configured means the application's store (offline runs); without it,
 * a missing connection fails naming its variable.
 */
record ObjectStoreRef(String connectionId, boolean orDefault) {

    static final ObjectStoreRef DEFAULT = new ObjectStoreRef(null, true);

    ObjectStoreRef(String connectionId) {
        this(connectionId, false);
    }

    /** The store and whether the caller must close it. */
    Opened open(TaskContext ctx) {
        if (connectionId == null) {
            return new Opened(ctx.resource(ObjectStore.class), false);
        }
        ConnectionRegistry connections = ctx.resource(ConnectionRegistry.class);
        if (orDefault && connections.find(connectionId).isEmpty()) {
            return new Opened(ctx.resource(ObjectStore.class), false);
        }
        return new Opened(S3ObjectStore.of(connections.get(connectionId)), true);
    }

    record Opened(ObjectStore store, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned && store instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a client; nothing useful to do
                }
            }
        }
    }
}
