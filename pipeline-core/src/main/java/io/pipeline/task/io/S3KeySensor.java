package io.pipeline.task.io;

import io.pipeline.objects.KeyPattern;
import io.pipeline.task.PokeResult;
import io.pipeline.task.Sensor;
import io.pipeline.task.TaskContext;

import java.util.List;

/**
 * Waits until an object exists: an exact key or a wildcard pattern ({@code *}, {@code **}, {@code ?}), both
 * templated (e.g. {@code vendor/fundamentals/{session}/*.csv}). Met with the matching keys as output. Use with a
 * reschedule-mode sensor spec so that the worker is free between pokes.
 */
public final class S3KeySensor implements Sensor {

    private final KeyTemplate key;
    private final ObjectStoreRef storeRef;

    private S3KeySensor(KeyTemplate key, ObjectStoreRef storeRef) {
        this.key = key;
        this.storeRef = storeRef;
    }

    /** Against the application's object store. */
    public static S3KeySensor forKey(String keyOrPattern) {
        return new S3KeySensor(KeyTemplate.of(keyOrPattern), ObjectStoreRef.DEFAULT);
    }

    /** Against the bucket of an S3 connection (e.g. the vendor's bucket). */
    public S3KeySensor onConnection(String connectionId) {
        return new S3KeySensor(key, new ObjectStoreRef(connectionId));
    }

    /**
     * Against the bucket of an S3 connection when it is configured, else the application's object store (so that
     * a DAG runs offline with a stand-in file, and against the vendor's bucket once its connection exists).
     */
    public S3KeySensor onConnectionIfConfigured(String connectionId) {
        return new S3KeySensor(key, new ObjectStoreRef(connectionId, true));
    }

    @Override
    public PokeResult poke(TaskContext ctx) {
        String rendered = key.render(ctx);
        KeyPattern pattern = KeyPattern.compile(rendered);
        try (ObjectStoreRef.Opened opened = storeRef.open(ctx)) {
            List<String> found = pattern.hasWildcard()
                    ? opened.store().match(rendered)
                    : (opened.store().exists(rendered) ? List.of(rendered) : List.of());
            if (found.isEmpty()) {
                ctx.log().info("no object matches {} yet", opened.store().location(rendered));
                return PokeResult.notYet();
            }
            ctx.log().info("found {} object(s) for {}: {}", found.size(), rendered, found);
            return PokeResult.met(found);
        }
    }
}
