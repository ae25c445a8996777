package io.pipeline.web.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition with a deadline (real concurrency: the engine runs on its own threads). */
public final class Await {

    private Await() {
    }

    public static <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
            last = probe.get();
        }
        return last;
    }
}
