package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tries running on this node right now: what the heartbeat names and whose logs it flushes. */
public final class RunningTries {

    /** A running try and its log. */
    public record Entry(ClaimedTi ti, TryLog log) {
    }

    private final Map<Long, Entry> running = new ConcurrentHashMap<>();

    void started(ClaimedTi ti, TryLog log) {
        running.put(ti.id(), new Entry(ti, log));
    }

    public void finished(ClaimedTi ti) {
        running.remove(ti.id());
    }

    public List<Entry> snapshot() {
        return new ArrayList<>(running.values());
    }

    public int size() {
        return running.size();
    }
}
