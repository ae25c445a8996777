package io.pipeline.alert;

import io.pipeline.alert.notify.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sender's notifiers by name, with what this node knows of each: rate-limit pauses and the last permanent error. */
final class NotifierBoard {

    private static final Logger log = LoggerFactory.getLogger(NotifierBoard.class);

    private final Map<String, Notifier> byName = new LinkedHashMap<>();
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final Map<String, String> lastPermanentError = new ConcurrentHashMap<>();

    NotifierBoard(List<Notifier> notifiers) {
        for (Notifier n : notifiers) {
            if (byName.put(n.name(), n) != null) {
                throw new IllegalArgumentException("two alert notifiers are named '" + n.name() + "'");
            }
        }
    }

    Notifier get(String name) {
        return byName.get(name);
    }

    /** Names of the notifiers that are configured and not paused by a rate limit at {@code now}. */
    List<String> ready(Instant now) {
        List<String> ready = new ArrayList<>();
        for (Notifier n : byName.values()) {
            Instant paused = pausedUntil.get(n.name());
            if (n.configurationProblem().isEmpty() && (paused == null || !paused.isAfter(now))) {
                ready.add(n.name());
            }
        }
        return ready;
    }

    void pause(String name, Instant until) {
        pausedUntil.merge(name, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    void permanentError(String name, String error) {
        lastPermanentError.put(name, error);
    }

    List<AlertSender.NotifierStatus> status(Instant now) {
        List<AlertSender.NotifierStatus> out = new ArrayList<>();
        for (Notifier n : byName.values()) {
            Instant paused = pausedUntil.get(n.name());
            out.add(new AlertSender.NotifierStatus(n.name(), n.configurationProblem().orElse(null),
                    lastPermanentError.get(n.name()), paused != null && paused.isAfter(now) ? paused : null));
        }
        return out;
    }

    List<String> configurationProblems() {
        return byName.values().stream().flatMap(n -> n.configurationProblem().stream()).toList();
    }

    void closeAll() {
        for (Notifier n : byName.values()) {
            if (n instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.debug("closing notifier {}", n.name(), e);
                }
            }
        }
    }
}
