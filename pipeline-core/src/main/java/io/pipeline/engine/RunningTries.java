package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tries running on this node right now: what the heartbeat names and whose logs it flushes. While a try's
 * body executes its thread is known, so that a try taken away from this node (cleared, marked or deleted by an
 * operator, or reaped) can be stopped: {@link #interrupt} interrupts the body, and never a thread that has left it.
 */
public final class RunningTries {

    /** A running try and its log. */
    public record Entry(ClaimedTi ti, TryLog log) {
    }

    private final Map<Long, Entry> running = new ConcurrentHashMap<>();
    /** Claimed try (TI id and claimed version) -> the thread executing its body; guarded by {@code this}. */
    private final Map<ClaimedTi, Thread> bodies = new HashMap<>();

    void started(ClaimedTi ti, TryLog log) {
        running.put(ti.id(), new Entry(ti, log));
        synchronized (this) {
            bodies.put(ti, Thread.currentThread());
        }
    }

    /**
     * The body of the try has returned or thrown; after this call the thread is never interrupted for this try.
     * Clears an interrupt that arrived after the body had finished, so that it cannot leak into the next try.
     */
    synchronized void bodyEnded(ClaimedTi ti) {
        if (bodies.remove(ti) != null && Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
        }
    }

    public void finished(ClaimedTi ti) {
        running.remove(ti.id());
    }

    public List<Entry> snapshot() {
        return new ArrayList<>(running.values());
    }

    /** The tries whose bodies are executing now. */
    public synchronized List<ClaimedTi> executing() {
        return new ArrayList<>(bodies.keySet());
    }

    /** Interrupts the bodies of these tries that are still executing; returns how many were interrupted. */
    public synchronized int interrupt(Set<ClaimedTi> tries) {
        int n = 0;
        for (ClaimedTi ti : tries) {
            Thread t = bodies.get(ti);
            if (t != null) {
                t.interrupt();
                n++;
            }
        }
        return n;
    }

    public int size() {
        return running.size();
    }
}
