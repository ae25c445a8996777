package io.pipeline.dags.marketdata;

import io.pipeline.connect.HttpApi;
import io.pipeline.retry.Backoff;
import io.pipeline.task.io.HttpFetchException;
import io.pipeline.task.io.HttpFetcher;
import io.pipeline.task.io.Sleeper;
import org.slf4j.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One vendor's HTTP access: every request waits for the vendor's {@link RequestRate}, then goes through the
 * {@link HttpFetcher} (retries on 429 and 5xx honouring {@code Retry-After}). Failures become
 * {@link ProviderException}s naming the symbol, the URL without the key and the vendor's own error text, read from
 * its error object ({@code error}, {@code message}, {@code detail}, {@code Error Message}, ...).
 * <p>
 * Some vendors answer a throttled request with HTTP 200 and a note instead of the data (Alpha Vantage); for those,
 * {@link #get(String, URI, Function)} retries after {@link #THROTTLED} ({@link Backoff}) while the note says the
 * limit is per minute, and fails at once when it is a daily allowance.
 */
final class VendorHttp {

    /** Waits after a throttling note: 20 s, 40 s, then 60 s. */
    static final Backoff THROTTLED = Backoff.exponential(Duration.ofSeconds(20), Duration.ofMinutes(1), 2);
    static final int THROTTLED_ATTEMPTS = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ERROR_FIELDS = List.of("error", "message", "detail", "Error Message",
            "Information", "Note", "errors");

    private final Vendor vendor;
    private final HttpFetcher http;
    private final RequestRate rate;
    private final Sleeper sleeper;
    private final Logger log;

    VendorHttp(Vendor vendor, HttpFetcher http, RequestRate rate, Sleeper sleeper, Logger log) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.http = Objects.requireNonNull(http, "http");
        this.rate = Objects.requireNonNull(rate, "rate");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.log = Objects.requireNonNull(log, "log");
    }

    HttpApi api() {
        return http.api();
    }

    Vendor vendor() {
        return vendor;
    }

    String shown(URI url) {
        return http.api().redact(url);
    }

    /** The JSON body of a successful GET. */
    JsonNode get(String symbol, URI url) {
        return get(symbol, url, body -> Optional.empty());
    }

    /**
     * As {@link #get(String, URI)}; {@code throttled} tells a successful body that is a throttling note (its text)
     * from data.
     */
    JsonNode get(String symbol, URI url, Function<JsonNode, Optional<String>> throttled) {
        String shown = shown(url);
        for (int attempt = 1; ; attempt++) {
            JsonNode body = parse(symbol, shown, fetch(symbol, url, shown));
            Optional<String> note = throttled.apply(body).map(n -> http.api().redact(n));
            if (note.isEmpty()) {
                return body;
            }
            boolean daily = note.get().contains("per day") && !note.get().contains("per minute")
                    && !note.get().contains("per second");
            if (daily || attempt >= THROTTLED_ATTEMPTS) {
                throw new ProviderException(symbol, shown, vendor.id() + " refused the request: " + note.get()
                        + (daily ? " (a daily allowance: retried tomorrow or with another plan)" : ""), null);
            }
            Duration wait = THROTTLED.delay(attempt);
            log.warn("{} throttled the request for {} ({}); retrying in {} s", vendor.id(), symbol, note.get(),
                    wait.toSeconds());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(symbol, shown, "interrupted", e);
            }
        }
    }

    private byte[] fetch(String symbol, URI url, String shown) {
        try {
            rate.acquire(sleeper);
            return http.get(url, log);
        } catch (HttpFetchException e) {
            String text = http.api().redact(errorText(e.body()));
            String cause = e.status() > 0
                    ? vendor.id() + " answered HTTP " + e.status() + (text.isEmpty() ? "" : ": " + text)
                    : e.getMessage();
            throw new ProviderException(symbol, shown, cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(symbol, shown, "interrupted", e);
        }
    }

    private static JsonNode parse(String symbol, String shown, byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new ProviderException(symbol, shown, "empty response", null);
            }
            return root;
        } catch (JacksonException e) {
            String m = e.getOriginalMessage();
            throw new ProviderException(symbol, shown, "malformed JSON ("
                    + (m == null ? "" : m.lines().findFirst().orElse("")) + ")", e);
        }
    }

    /** The vendor's error text from an error body: its error field when it is JSON, else its first 200 characters. */
    static String errorText(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode root = JSON.readTree(body);
            Optional<String> field = errorField(root);
            if (field.isPresent()) {
                return field.get();
            }
        } catch (JacksonException notJson) {
            // plain text: shown as it is
        }
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** The first error field of a vendor's error object, when the body is one. */
    static Optional<String> errorField(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        for (String f : ERROR_FIELDS) {
            JsonNode v = root.get(f);
            if (v != null && !v.isNull()) {
                return Optional.of(v.isValueNode() ? v.asString() : v.toString());
            }
        }
        return Optional.empty();
    }
}
