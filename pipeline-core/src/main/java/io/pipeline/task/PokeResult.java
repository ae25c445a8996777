package io.pipeline.task;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one sensor poke: done (with an optional output), not yet, or not yet and deferred on a trigger (the
 * worker slot is freed and the triggerer wakes the sensor for its next poke when the trigger fires).
 */
public record PokeResult(boolean done, Object output, Trigger defer) {
    public PokeResult {
        if (done && defer != null) {
            throw new IllegalArgumentException("a met poke cannot defer");
        }
    }

    public PokeResult(boolean done, Object output) {
        this(done, output, null);
    }

    public static PokeResult met() {
        return new PokeResult(true, null);
    }

    public static PokeResult met(Object output) {
        return new PokeResult(true, output);
    }

    public static PokeResult notYet() {
        return new PokeResult(false, null);
    }

    /** Not yet; poke again at {@code at} (or at the sensor's timeout, whichever comes first). */
    public static PokeResult deferUntil(Instant at) {
        return deferOn(Trigger.at(at));
    }

    /** Not yet; poke again once {@code trigger} fires (or at the sensor's timeout). */
    public static PokeResult deferOn(Trigger trigger) {
        return new PokeResult(false, null, Objects.requireNonNull(trigger, "trigger"));
    }

    public boolean deferred() {
        return defer != null;
    }
}
