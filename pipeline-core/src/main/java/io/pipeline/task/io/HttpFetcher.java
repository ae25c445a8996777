package io.pipeline.task.io;

import io.pipeline.connect.HttpApi;
import org.slf4j.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * GETs from an HTTP API with retries on 429, 5xx and I/O errors, honouring {@code Retry-After} (seconds or an
 * HTTP date, read against the injected clock). Other 4xx fail at once. Messages show the URL with the token
 * redacted, never the token.
 */
public final class HttpFetcher {

    private final HttpApi api;
    private final HttpRetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;

    public HttpFetcher(HttpApi api, HttpRetryPolicy policy, Sleeper sleeper, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public HttpApi api() {
        return api;
    }

    /** The body of a 2xx response. */
    public byte[] get(URI url, Logger log) throws InterruptedException {
        String shown = api.redact(url);
        int lastStatus = -1;
        byte[] lastBody = null;
        Exception lastError = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            Duration wait;
            try {
                HttpResponse<byte[]> response = send(url);
                lastStatus = response.statusCode();
                if (lastStatus >= 200 && lastStatus < 300) {
                    return response.body();
                }
                lastBody = response.body();
                String detail = snippet(lastBody);
                if (lastStatus != 429 && lastStatus < 500) {
                    throw new HttpFetchException("GET " + shown + " failed with HTTP " + lastStatus + detail, lastStatus,
                            null, lastBody);
                }
                lastError = new IOException("HTTP " + lastStatus + detail);
                wait = retryAfter(response).map(policy::cap).orElse(policy.backoff(attempt));
            } catch (IOException e) {
                lastError = e;
                lastBody = null;
                wait = policy.backoff(attempt);
            }
            if (attempt < policy.maxAttempts()) {
                log.warn("GET {} attempt {}/{} failed ({}); retrying in {} ms", shown, attempt, policy.maxAttempts(),
                        describe(lastError), wait.toMillis());
                sleeper.sleep(wait);
            }
        }
        throw new HttpFetchException("GET " + shown + " failed after " + policy.maxAttempts() + " attempt(s): "
                + describe(lastError), lastStatus, lastError, lastBody);
    }

    /**
     * Sends with a deadline on the whole exchange: the client's own request timeout stops at the response headers,
     * so a server that stalls mid-body would otherwise hang the task.
     */
    private HttpResponse<byte[]> send(URI url) throws IOException, InterruptedException {
        var future = api.client().sendAsync(api.get(url), HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(api.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete response within " + api.timeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(this::parseRetryAfter);
    }

    Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.between(clock.instant(), at.toInstant()));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static String describe(Exception e) {
        if (e == null) {
            return "no response";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return " (body: " + text + (body.length > 200 ? "..." : "") + ")";
    }
}
