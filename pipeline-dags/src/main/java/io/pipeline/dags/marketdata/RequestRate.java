package io.pipeline.dags.marketdata;

import io.pipeline.task.io.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A vendor's published request rate ({@code requests} per {@code period}), kept by spacing requests evenly: each
 * request may start {@code period / requests} after the one before. Time comes from the injected clock and each
 * caller waits through its own {@link Sleeper}, so tests step time instead of sleeping. One instance per connection and node
 * ({@link #shared}): the tasks of a node that use the same vendor account share it; nodes do not coordinate, so
 * with several worker nodes the limit set on the connection is each node's share.
 */
public final class RequestRate {

    private static final Map<String, RequestRate> SHARED = new ConcurrentHashMap<>();

    private final int requests;
    private final Duration period;
    private final Duration spacing;
    private final Clock clock;
    private Instant next = Instant.MIN;

    public RequestRate(int requests, Duration period, Clock clock) {
        if (requests < 1) {
            throw new IllegalArgumentException("a request rate needs at least 1 request per period, got " + requests);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a request rate needs a positive period, got " + period);
        }
        this.requests = requests;
        this.period = period;
        this.spacing = period.dividedBy(requests);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This node's limiter for {@code key} (a connection id and its limit): created once, then shared. */
    public static RequestRate shared(String key, int requests, Duration period, Clock clock) {
        return SHARED.computeIfAbsent(key + "|" + requests + "/" + period, k -> new RequestRate(requests, period, clock));
    }

    /** Books the next start and waits, when needed, until it has come. */
    public void acquire(Sleeper sleeper) throws InterruptedException {
        Duration wait = reserve();
        if (wait.isPositive()) {
            sleeper.sleep(wait);
        }
    }

    /** Books the next start; returns how long until then (zero when a request may start now). */
    synchronized Duration reserve() {
        Instant now = clock.instant();
        Instant start = next.isAfter(now) ? next : now;
        next = start.plus(spacing);
        return Duration.between(now, start);
    }

    public int requests() {
        return requests;
    }

    public Duration period() {
        return period;
    }

    @Override
    public String toString() {
        return requests + " request(s) per " + period;
    }
}
