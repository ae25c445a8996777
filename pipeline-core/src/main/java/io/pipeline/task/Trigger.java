package io.pipeline.task;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a deferred task instance waits for. A trigger is a definition only (stored with the wait, so that any
 * triggerer node can take it over); the engine's triggerer checks it. A task defers by returning
 * {@link PokeResult#deferUntil}/{@link PokeResult#deferOn} from a sensor poke or by throwing {@link TaskDeferred}.
 */
public sealed interface Trigger {

    /** Words for logs and "why not running", e.g. {@code "time 2026-12-07T18:00:00Z"}. */
    String describe();

    /** Fires at an instant. */
    static Trigger at(Instant at) {
        return new At(at);
    }

    /** Fires once an object of the application's object store matches {@code keyOrPattern}. */
    static Trigger objectKey(String keyOrPattern, Duration checkEvery) {
        return new ObjectKey(keyOrPattern, null, true, checkEvery);
    }

    /** Fires once a GET of {@code url} answers 200, checked every {@code checkEvery}. */
    static Trigger http(URI url, Duration checkEvery) {
        return new Http(url, "GET", Set.of(200), null, checkEvery);
    }

    record At(Instant at) implements Trigger {
        public At {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String describe() {
            return "time " + at;
        }
    }

    /**
     * Fires once an object matches {@code key} (an exact key or a wildcard pattern, already rendered), checked every
     * {@code checkEvery} (null: the deferring sensor's poke interval).
     *
     * @param connectionId an S3 connection's id, or null for the application's object store
     * @param orDefault    with a connection id: use the application's store when that connection is not configured
     */
    record ObjectKey(String key, String connectionId, boolean orDefault, Duration checkEvery) implements Trigger {
        public ObjectKey {
            Objects.requireNonNull(key, "key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("object key of a trigger is blank");
            }
            if (checkEvery != null && (checkEvery.isNegative() || checkEvery.isZero())) {
                throw new IllegalArgumentException("object key check interval must be positive, got " + checkEvery);
            }
        }

        public ObjectKey withCheckEvery(Duration every) {
            return new ObjectKey(key, connectionId, orDefault, every);
        }

        @Override
        public String describe() {
            return "object key " + key + (connectionId == null ? "" : " on connection " + connectionId);
        }
    }

    /**
     * Fires once an HTTP request answers one of {@code expectedStatus} and, when {@code bodyContains} is set, its
     * body contains that text; checked every {@code checkEvery} (null: the deferring sensor's poke interval). The
     * URL is stored with the wait as it is: put no secret in it.
     *
     * @param method GET, or HEAD (no body check)
     */
    record Http(URI url, String method, Set<Integer> expectedStatus, String bodyContains, Duration checkEvery)
            implements Trigger {
        public static final Set<String> METHODS = Set.of("GET", "HEAD");

        public Http {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme();
            if (!url.isAbsolute() || url.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("HTTP trigger URL '" + url + "' must be an absolute http(s) URL"
                        + " with a host");
            }
            Objects.requireNonNull(method, "method");
            if (!METHODS.contains(method)) {
                throw new IllegalArgumentException("HTTP trigger method '" + method + "' is not one of GET, HEAD");
            }
            if (expectedStatus == null || expectedStatus.isEmpty()) {
                throw new IllegalArgumentException("HTTP trigger for " + url + ": give at least one expected status");
            }
            for (int code : expectedStatus) {
                if (code < 100 || code > 599) {
                    throw new IllegalArgumentException("HTTP trigger for " + url + ": status " + code
                            + " is not an HTTP status (100-599)");
                }
            }
            expectedStatus = Set.copyOf(expectedStatus);
            if (bodyContains != null && bodyContains.isEmpty()) {
                bodyContains = null;
            }
            if (bodyContains != null && method.equals("HEAD")) {
                throw new IllegalArgumentException("HTTP trigger for " + url + ": a HEAD request has no body to check");
            }
            if (checkEvery != null && (checkEvery.isNegative() || checkEvery.isZero())) {
                throw new IllegalArgumentException("HTTP check interval must be positive, got " + checkEvery);
            }
        }

        public Http withCheckEvery(Duration every) {
            return new Http(url, method, expectedStatus, bodyContains, every);
        }

        /** Whether a response with this status and body meets the condition (the body is null for HEAD). */
        public boolean met(int status, String body) {
            return expectedStatus.contains(status) && (bodyContains == null || body != null
                    && body.contains(bodyContains));
        }

        /** The URL without its query and fragment, for words shown to people (a query may carry a key). */
        public String shownUrl() {
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            return url.getScheme() + "://" + url.getRawAuthority().replaceFirst("^.*@", "") + path
                    + (url.getRawQuery() == null ? "" : "?...");
        }

        @Override
        public String describe() {
            return "HTTP " + method + " " + shownUrl() + " answering " + new TreeSet<>(expectedStatus)
                    + (bodyContains == null ? "" : " with a body containing \"" + bodyContains + "\"");
        }
    }
}
