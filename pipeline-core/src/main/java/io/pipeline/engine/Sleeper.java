package io.pipeline.engine;

import java.time.Duration;

/** Waits between the pokes of a poke-mode sensor; tests substitute one that moves a settable clock instead. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    static Sleeper real() {
        return d -> Thread.sleep(d.toMillis());
    }
}
