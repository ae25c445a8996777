package io.pipeline.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The background loop: runs its steps (deliver due alerts, check deadlines) every poll interval, and at once when
 * signalled (the alert writer signals after a transaction that wrote alerts commits). A failing step (e.g. the
 * database is down) is logged and tried again on the next round; nothing is lost because all state is in the outbox.
 */
public final class AlertRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertRunner.class);

    private final List<Step> steps;
    private final Duration pollInterval;
    private final Clock clock;
    private final AlertSignal signal;
    private volatile Thread thread;
    private volatile Instant lastPassAt;
    private volatile String lastError;

    public AlertRunner(List<Step> steps, Duration pollInterval, Clock clock, AlertSignal signal) {
        this.steps = List.copyOf(steps);
        this.signal = signal;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /** A named periodic step; returns how much it did (a positive count makes the loop go again at once). */
    public record Step(String name, IntSupplier body) {
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread t = Thread.ofPlatform().name("alert-runner").daemon(true).unstarted(this::loop);
        thread = t;
        t.start();
    }

    /** Stops the loop and waits for the current round to end. */
    public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return thread != null;
    }

    /** When a round last completed without error (null before the first). */
    public Instant lastPassAt() {
        return lastPassAt;
    }

    /** The last round's error, or null when it succeeded. */
    public String lastError() {
        return lastError;
    }

    /** Runs every step once; returns the total they reported. */
    public int runOnce() {
        int total = 0;
        String error = null;
        for (Step s : steps) {
            try {
                total += s.body().getAsInt();
            } catch (RuntimeException e) {
                error = s.name() + ": " + e;
                // One line per round while the database is away, not a stack trace every second.
                log.warn("alert step {} failed; trying again in {}: {}", s.name(), pollInterval, e.toString());
                log.debug("alert step {} failed", s.name(), e);
            }
        }
        lastError = error;
        if (error == null) {
            lastPassAt = clock.instant();
        }
        return total;
    }

    private void loop() {
        while (thread == Thread.currentThread()) {
            int done = runOnce();
            if (done > 0 && lastError == null) {
                continue;
            }
            try {
                signal.await(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
