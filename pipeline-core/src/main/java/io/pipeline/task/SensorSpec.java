package io.pipeline.task;

import java.time.Duration;
import java.util.Objects;

/** How a sensor waits: poke interval, overall timeout (from the first poke), and whether it frees the worker between pokes. */
public record SensorSpec(Duration pokeInterval, Duration timeout, Mode mode) {
    public enum Mode { POKE, RESCHEDULE }

    public SensorSpec {
        Objects.requireNonNull(pokeInterval, "pokeInterval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(mode, "mode");
        if (pokeInterval.isNegative() || pokeInterval.isZero()) {
            throw new IllegalArgumentException("sensor poke interval must be positive, got " + pokeInterval);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sensor timeout must be positive, got " + timeout);
        }
    }

    /** Keeps the worker between pokes (for conditions expected within seconds). */
    public static SensorSpec poke(Duration pokeInterval, Duration timeout) {
        return new SensorSpec(pokeInterval, timeout, Mode.POKE);
    }

    public static SensorSpec reschedule(Duration pokeInterval, Duration timeout) {
        return new SensorSpec(pokeInterval, timeout, Mode.RESCHEDULE);
    }
}
