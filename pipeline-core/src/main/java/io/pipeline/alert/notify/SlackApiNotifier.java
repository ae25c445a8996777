package io.pipeline.alert.notify;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import io.pipeline.alert.OutboxRow;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.Optional;

/**
 * Posts alerts with the Slack Web API's {@code chat.postMessage} and a bot token, through the official client.
 * Slack answers most errors with HTTP 200 and {@code "ok": false}; rate limits with HTTP 429 and Retry-After.
 */
public final class SlackApiNotifier implements Notifier, AutoCloseable {

    public static final String NAME = "slack";

    private final SlackSettings settings;
    private final Clock clock;
    private final Slack slack;
    private final MethodsClient methods;

    public SlackApiNotifier(SlackSettings settings, Clock clock) {
        if (!settings.usesToken()) {
            throw new IllegalArgumentException("the Slack API notifier needs pipeline.alerts.slack.token");
        }
        this.settings = settings;
        this.clock = clock;
        this.slack = SlackClients.create(settings);
        this.methods = slack.methods(settings.token());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> configurationProblem() {
        return settings.problem();
    }

    @Override
    public DeliveryResult deliver(OutboxRow alert) {
        String channel = alert.channel() != null ? alert.channel() : settings.channel();
        if (channel == null) {
            return DeliveryResult.notConfigured("no Slack channel for this alert: set pipeline.alerts.slack.channel "
                    + "or a channel on the DAG's alert policy");
        }
        try {
            ChatPostMessageResponse r = methods.chatPostMessage(req -> req
                    .channel(channel)
                    .text(alert.payload().summary())
                    .blocks(SlackBlocks.render(alert))
                    .metadata(SlackBlocks.metadata(alert))
                    .unfurlLinks(false)
                    .unfurlMedia(false));
            return r.isOk() ? DeliveryResult.delivered(200) : classify(r.getError());
        } catch (SlackApiException e) {
            return fromHttpError(e);
        } catch (InterruptedIOException e) {
            return DeliveryResult.timeout("no answer from Slack within " + settings.timeout() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return DeliveryResult.retryable(null, e.toString());
        }
    }

    private static DeliveryResult classify(String error) {
        if ("ratelimited".equals(error)) {
            return DeliveryResult.rateLimited(200, RetryAfter.DEFAULT, error);
        }
        return SlackErrors.isPermanent(error) ? DeliveryResult.permanent(200, error)
                : DeliveryResult.retryable(200, error);
    }

    private DeliveryResult fromHttpError(SlackApiException e) {
        int code = e.getResponse().code();
        String error = e.getError() != null && e.getError().getError() != null
                ? "HTTP " + code + ": " + e.getError().getError() : "HTTP " + code;
        if (code == 429) {
            return DeliveryResult.rateLimited(code, RetryAfter.parse(e.getResponse().header("Retry-After"), clock), error);
        }
        if (code >= 500 || code == 408) {
            return DeliveryResult.retryable(code, error);
        }
        return DeliveryResult.permanent(code, error);
    }

    @Override
    public void close() throws Exception {
        slack.close();
    }
}
