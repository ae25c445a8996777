package io.pipeline.engine;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.objects.KeyPattern;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.S3ObjectStore;
import io.pipeline.task.Trigger;

/**
 * Checks an object-key trigger as {@code S3KeySensor} pokes: an exact key exists, or a pattern matches some key; in
 * the application's object store, or in the bucket of the trigger's S3 connection (the application's store when
 * that connection is not configured and the trigger allows it).
 */
final class ObjectKeyProbe {
    private final TaskResources resources;

    ObjectKeyProbe(TaskResources resources) {
        this.resources = resources;
    }

    boolean found(Trigger.ObjectKey trigger) throws Exception {
        String id = trigger.connectionId();
        if (id == null) {
            return found(resources.get(ObjectStore.class), trigger.key());
        }
        ConnectionRegistry connections = resources.get(ConnectionRegistry.class);
        if (trigger.orDefault() && connections.find(id).isEmpty()) {
            return found(resources.get(ObjectStore.class), trigger.key());
        }
        try (S3ObjectStore s3 = S3ObjectStore.of(connections.get(id))) {
            return found(s3, trigger.key());
        }
    }

    private static boolean found(ObjectStore store, String key) {
        return KeyPattern.compile(key).hasWildcard() ? !store.match(key).isEmpty() : store.exists(key);
    }
}
