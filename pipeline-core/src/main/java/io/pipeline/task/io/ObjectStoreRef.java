package io.pipeline.task.io;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.S3ObjectStore;
import io.pipeline.task.TaskContext;

/**
 * Which object store a task uses: the application's ({@code ctx.resource(ObjectStore.class)}) when no connection id
 * is given, otherwise an S3 store built from that connection ({@code ctx.resource(ConnectionRegistry.class)}).
 */
record ObjectStoreRef(String connectionId) {

    static final ObjectStoreRef DEFAULT = new ObjectStoreRef(null);

    /** The store and whether the caller must close it. */
    Opened open(TaskContext ctx) {
        if (connectionId == null) {
            return new Opened(ctx.resource(ObjectStore.class), false);
        }
        S3ObjectStore s3 = S3ObjectStore.of(ctx.resource(ConnectionRegistry.class).get(connectionId));
        return new Opened(s3, true);
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
