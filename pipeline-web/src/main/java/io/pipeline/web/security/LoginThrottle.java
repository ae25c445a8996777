package io.pipeline.web.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.ops.Actor;
import io.pipeline.ops.AuditLog;
import io.pipeline.engine.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down and then locks logins after repeated failures, per user name and per client address
 * ({@link LoginThrottleProperties}). A throttled attempt is refused without checking the password and counts as a
 * failure, so guessing on during a wait leads to the lock; attempts during a lock do not extend it. A successful login
 * clears its user name's failures (not its address's: one valid account must not reset an address that sprays
 * guesses at others). The state is kept in memory on each node: with several web nodes behind a load balancer the
 * limits apply per node. When a lock starts it is logged, counted and written to the audit log
 * ({@code login_locked}). Time is the injected clock's.
 */
public class LoginThrottle {

    public static final String LOGIN_LOCKED = "login_locked";
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    static final int MAX_TRACKED = 10_000;
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final LoginThrottleProperties settings;
    private final Clock clock;
    private final AuditLog audit;
    private final Counter failures;
    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    public LoginThrottle(LoginThrottleProperties settings, Clock clock, MeterRegistry meters, AuditLog audit) {
        this.settings = settings;
        this.clock = clock;
        this.audit = audit;
        this.failures = Counter.builder("pipeline.login.failures")
                .description("Failed or refused logins (dashboard and API)").register(meters);
        Gauge.builder("pipeline.login.locked", byUser, this::lockedCount).tag("kind", "user")
                .description("User names whose login is locked now (this node)").register(meters);
        Gauge.builder("pipeline.login.locked", byAddress, this::lockedCount).tag("kind", "address")
                .description("Client addresses whose logins are locked now (this node)").register(meters);
    }

    /** @throws LoginThrottledException when the user name or the address must wait or is locked */
    public void check(String username, String address) {
        Instant now = clock.instant();
        refuseIfBlocked(byUser, username, now, "Login of user '" + LogSafe.of(username) + "'");
        refuseIfBlocked(byAddress, address, now, "Login from address " + LogSafe.of(address));
    }

    /** A wrong password, an unknown user, or a throttled attempt. */
    public void failed(String username, String address) {
        failures.increment();
        Instant now = clock.instant();
        record(byUser, username, settings.maxFailures(), now, "user", "user '" + LogSafe.of(username) + "'");
        record(byAddress, address, settings.maxFailuresPerAddress(), now, "address",
                "address " + LogSafe.of(address));
    }

    public void succeeded(String username) {
        if (username != null) {
            byUser.remove(username);
        }
    }

    private void refuseIfBlocked(Map<String, Failures> counts, String key, Instant now, String what) {
        Failures f = key == null ? null : counts.get(key);
        if (f == null) {
            return;
        }
        synchronized (f) {
            if (f.blockedUntil == null || !now.isBefore(f.blockedUntil)) {
                return;
            }
            throw new LoginThrottledException(what + " is temporarily locked after " + f.count
                    + " failed attempts; it unlocks at " + f.blockedUntil, f.blockedUntil, f.locked);
        }
    }

    private void record(Map<String, Failures> counts, String key, int max, Instant now, String kind, String what) {
        if (key == null) {
            return;
        }
        if (counts.size() >= MAX_TRACKED) {
            counts.values().removeIf(f -> f.isStale(now, settings.lockDuration()));
        }
        Failures f = counts.computeIfAbsent(key, k -> new Failures());
        boolean lockStarted;
        int count;
        Instant until;
        synchronized (f) {
            if (f.locked && now.isBefore(f.blockedUntil)) {
                return; // attempts during a lock do not extend it
            }
            if (f.locked || f.isStale(now, settings.lockDuration())) {
                f.reset();
            }
            f.count++;
            f.last = now;
            count = f.count;
            lockStarted = count >= max;
            if (lockStarted) {
                f.locked = true;
                f.blockedUntil = now.plus(settings.lockDuration());
            } else if (count > max / 2) {
                f.blockedUntil = now.plus(delay(count - max / 2));
            }
            until = f.blockedUntil;
        }
        if (lockStarted) {
            lockStarted(kind, key, count, until, what);
        }
    }

    /** The wait after the n-th failure beyond the free ones: delay, 2 × delay, 4 × delay, ... at most 30 s. */
    private Duration delay(int beyondFree) {
        Duration d = settings.delay().multipliedBy(1L << Math.min(beyondFree - 1, 20));
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    private void lockStarted(String kind, String key, int count, Instant until, String what) {
        log.warn("Logins of {} locked until {} after {} failed attempts", what, until, count);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(kind, key);
        extra.put("failures", count);
        extra.put("locked_until", until.toString());
        try {
            audit.record(new Actor(key.isBlank() ? "?" : key, "login"), LOGIN_LOCKED, null, null, null, null, extra,
                    null);
        } catch (RuntimeException e) {
            log.warn("Could not write the {} entry for {}: {}", LOGIN_LOCKED, what, e.toString());
        }
    }

    private double lockedCount(Map<String, Failures> counts) {
        Instant now = clock.instant();
        return counts.values().stream().filter(f -> f.isLocked(now)).count();
    }

    private static final class Failures {
        int count;
        Instant last;
        Instant blockedUntil;
        boolean locked;

        synchronized boolean isLocked(Instant now) {
            return locked && now.isBefore(blockedUntil);
        }

        synchronized boolean isStale(Instant now, Duration window) {
            return (blockedUntil == null || !now.isBefore(blockedUntil)) && last != null
                    && !now.isBefore(last.plus(window));
        }

        void reset() {
            count = 0;
            blockedUntil = null;
            locked = false;
        }
    }
}
