package io.pipeline.alert;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tells the background loop that alerts were written, so that they go out without waiting for the next poll. Lossy
 * on purpose: many signals before the loop looks collapse into one.
 */
public final class AlertSignal {

    private final Semaphore permits = new Semaphore(0);

    public void signal() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Waits until signalled or {@code timeout} passes; true when signalled. */
    public boolean await(Duration timeout) throws InterruptedException {
        boolean signalled = permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        permits.drainPermits();
        return signalled;
    }
}
