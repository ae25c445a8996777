package io.pipeline.task.io;

import io.pipeline.objects.KeyPattern;
import io.pipeline.task.PokeResult;
import io.pipeline.task.Sensor;
import io.pipeline.task.TaskContext;
import io.pipeline.task.Trigger;

import java.util.List;

/**
 * Waits until an object exists: an exact key or a wildcard pattern ({@code *}, {@code **}, {@code ?}), both
 * templated (e.g. {@code vendor/fundamentals/{session}/*.csv}). Met with the matching keys as output. Deferrable by
 * default: a poke that finds nothing defers on an object-key trigger, which the triggerer checks every poke interval
 * without a worker slot; {@link #deferrable(boolean) deferrable(false)} pokes from a worker instead (use a
 * reschedule-mode sensor spec so that the worker is free between pokes).
 */
public final class S3KeySensor implements Sensor {

    private final KeyTemplate key;
    private final ObjectStoreRef storeRef;
    private final boolean deferrable;

    private S3KeySensor(KeyTemplate key, ObjectStoreRef storeRef) {
        this(key, storeRef, true);
    }

    private S3KeySensor(KeyTemplate key, ObjectStoreRef storeRef, boolean deferrable) {
        this.key = key;
        this.storeRef = storeRef;
        this.deferrable = deferrable;
    }

    /** Deferring on an object-key trigger between pokes (the default), or not ({@code false}). */
    public S3KeySensor deferrable(boolean on) {
        return new S3KeySensor(key, storeRef, on);
    }

    /** Against the application's object store. */
    public static S3KeySensor forKey(String keyOrPattern) {
        return new S3KeySensor(KeyTemplate.of(keyOrPattern), ObjectStoreRef.DEFAULT);
    }

    /** Against the bucket of an S3 connection (e.g. the vendor's bucket). */
    public S3KeySensor onConnection(String connectionId) {
        return new S3KeySensor(key, new ObjectStoreRef(connectionId), deferrable);
    }

    /**
     * Against the bucket of an S3 connection when it is configured, else the application's object store (so that
     * a DAG runs offline with a stand-in file, and against the vendor's bucket once its connection exists).
     */
    public S3KeySensor onConnectionIfConfigured(String connectionId) {
        return new S3KeySensor(key, new ObjectStoreRef(connectionId, true), deferrable);
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
                return deferrable ? PokeResult.deferOn(new Trigger.ObjectKey(rendered, storeRef.connectionId(),
                        storeRef.orDefault(), null)) : PokeResult.notYet();
            }
            ctx.log().info("found {} object(s) for {}: {}", found.size(), rendered, found);
            return PokeResult.met(found);
        }
    }
}
