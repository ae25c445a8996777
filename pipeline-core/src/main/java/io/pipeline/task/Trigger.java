package io.pipeline.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a deferred task instance waits for. A trigger is a definition only (stored with the wait, so that any
 * triggerer node can take it over); the engine's triggerer checks it. A task defers by returning
 * {@link PokeResult#deferUntil}/{@link PokeResult#deferOn} from a sensor poke or by throwing {@link TaskDeferred}.
 */
public sealed interface Trigger {

    /** Words for logs and "why not running", e.g. {@code "time 2026-12-07T18:00:00Z"}. */
    String describe();

    /** Fires at an instant. */
    static Trigger at(Instant at) {
        return new At(at);
    }

    /** Fires once an object of the application's object store matches {@code keyOrPattern}. */
    static Trigger objectKey(String keyOrPattern, Duration checkEvery) {
        return new ObjectKey(keyOrPattern, null, true, checkEvery);
    }

    record At(Instant at) implements Trigger {
        public At {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String describe() {
            return "time " + at;
        }
    }

    /**
     * Fires once an object matches {@code key} (an exact key or a wildcard pattern, already rendered), checked every
     * {@code checkEvery} (null: the deferring sensor's poke interval).
     *
     * @param connectionId an S3 connection's id, or null for the application's object store
     * @param orDefault    with a connection id: use the application's store when that connection is not configured
     */
    record ObjectKey(String key, String connectionId, boolean orDefault, Duration checkEvery) implements Trigger {
        public ObjectKey {
            Objects.requireNonNull(key, "key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("object key of a trigger is blank");
            }
            if (checkEvery != null && (checkEvery.isNegative() || checkEvery.isZero())) {
                throw new IllegalArgumentException("object key check interval must be positive, got " + checkEvery);
            }
        }

        public ObjectKey withCheckEvery(Duration every) {
            return new ObjectKey(key, connectionId, orDefault, every);
        }

        @Override
        public String describe() {
            return "object key " + key + (connectionId == null ? "" : " on connection " + connectionId);
        }
    }
}
