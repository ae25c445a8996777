package io.pipeline.alert.notify;

import com.slack.api.Slack;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;
import io.pipeline.alert.OutboxRow;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Posts alerts to a Slack incoming webhook (the channel is fixed by the webhook). Webhooks answer 200 "ok", 429 with
 * Retry-After, 4xx with an error word (invalid_token, channel_not_found, no_service) and 5xx when Slack is down.
 */
public final class SlackWebhookNotifier implements Notifier, AutoCloseable {

    private final SlackSettings settings;
    private final Clock clock;
    private final Slack slack;

    public SlackWebhookNotifier(SlackSettings settings, Clock clock) {
        if (settings.webhookUrl() == null) {
            throw new IllegalArgumentException("the Slack webhook notifier needs pipeline.alerts.slack.webhook-url");
        }
        this.settings = settings;
        this.clock = clock;
        this.slack = SlackClients.create(settings);
    }

    @Override
    public String name() {
        return SlackApiNotifier.NAME;
    }

    @Override
    public Optional<String> configurationProblem() {
        return settings.problem();
    }

    @Override
    public DeliveryResult deliver(OutboxRow alert) {
        Payload payload = Payload.builder()
                .text(alert.payload().summary())
                .blocks(SlackBlocks.render(alert))
                .metadata(SlackBlocks.metadata(alert))
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build();
        try {
            WebhookResponse r = slack.send(settings.webhookUrl(), payload);
            return classify(r);
        } catch (InterruptedIOException e) {
            return DeliveryResult.timeout("no answer from the Slack webhook within " + settings.timeout());
        } catch (IOException | RuntimeException e) {
            // The exception text may contain the webhook URL, which is a secret: keep only its type.
            return DeliveryResult.retryable(null, "could not reach the Slack webhook: " + e.getClass().getSimpleName());
        }
    }

    private DeliveryResult classify(WebhookResponse r) {
        int code = r.getCode();
        String error = "HTTP " + code + (r.getBody() == null || r.getBody().isBlank() ? "" : ": " + r.getBody().strip());
        if (code >= 200 && code < 300) {
            return DeliveryResult.delivered(code);
        }
        if (code == 429) {
            return DeliveryResult.rateLimited(code, RetryAfter.parse(header(r, "retry-after"), clock), error);
        }
        if (code >= 500 || code == 408) {
            return DeliveryResult.retryable(code, error);
        }
        return DeliveryResult.permanent(code, error);
    }

    private static String header(WebhookResponse r, String name) {
        if (r.getHeaders() == null) {
            return null;
        }
        for (var e : r.getHeaders().entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                List<String> values = e.getValue();
                return values == null || values.isEmpty() ? null : values.get(0);
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        slack.close();
    }
}
