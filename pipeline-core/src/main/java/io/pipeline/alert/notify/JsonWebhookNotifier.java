package io.pipeline.alert.notify;

import io.pipeline.alert.AlertJson;
import io.pipeline.alert.AlertPayload;
import io.pipeline.alert.OutboxRow;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * POSTs each alert as JSON to a URL, for chat tools other than Slack. The body is
 * {@code {"alert_id": 42, "channel": ..., "alert": {...payload, snake_case...}}} and the request carries an
 * {@code Idempotency-Key} header so that a receiver can drop the rare duplicate (see docs/decisions/alerts-outbox.md).
 * 2xx is delivered; 429 honours Retry-After; 408 and 5xx are retried; any other 4xx is permanent.
 */
public final class JsonWebhookNotifier implements Notifier, AutoCloseable {

    public static final String NAME = "webhook";

    private final String name;
    private final String url;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    public JsonWebhookNotifier(String name, String url, Duration timeout, Clock clock) {
        this.name = name;
        this.url = url == null || url.isBlank() ? null : url.trim();
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public JsonWebhookNotifier(String url, Duration timeout, Clock clock) {
        this(NAME, url, timeout, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> configurationProblem() {
        if (url == null) {
            return Optional.of("pipeline.alerts.webhook.url is not set; webhook alerts wait in the outbox");
        }
        if (!SlackSettings.isHttpUrl(url)) {
            return Optional.of("pipeline.alerts.webhook.url is not an absolute http(s) URL; webhook alerts wait in the outbox");
        }
        return Optional.empty();
    }

    @Override
    public DeliveryResult deliver(OutboxRow alert) {
        String body = AlertJson.write(new WebhookBody(alert.id(), alert.channel(), alert.payload()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "pipeline-alert-" + alert.id())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return classify(r);
        } catch (HttpTimeoutException e) {
            return DeliveryResult.timeout("no answer from the webhook within " + timeout);
        } catch (IOException e) {
            return DeliveryResult.retryable(null, "could not reach the webhook: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retryable(null, "interrupted while posting to the webhook");
        }
    }

    private DeliveryResult classify(HttpResponse<String> r) {
        int code = r.statusCode();
        String b = r.body() == null ? "" : r.body().strip();
        String error = "HTTP " + code + (b.isEmpty() ? "" : ": " + b);
        if (code >= 200 && code < 300) {
            return DeliveryResult.delivered(code);
        }
        if (code == 429) {
            return DeliveryResult.rateLimited(code,
                    RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), clock), error);
        }
        if (code >= 500 || code == 408) {
            return DeliveryResult.retryable(code, error);
        }
        return DeliveryResult.permanent(code, error);
    }

    @Override
    public void close() {
        http.close();
    }

    record WebhookBody(long alertId, String channel, AlertPayload alert) {
    }
}
