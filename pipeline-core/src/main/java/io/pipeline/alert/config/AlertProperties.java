package io.pipeline.alert.config;

import io.pipeline.alert.SenderSettings;
import io.pipeline.alert.notify.SlackSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pipeline.alerts.*}. The Slack names are DESIGN.md's contract: {@code pipeline.alerts.slack.token}
 * ({@code PIPELINE_ALERTS_SLACK_TOKEN}), {@code .channel}, {@code .api-url}, {@code .webhook-url}.
 *
 * @param enabled whether this node runs the background sender and deadline checker
 */
@ConfigurationProperties("pipeline.alerts")
public record AlertProperties(@DefaultValue("true") boolean enabled, @DefaultValue Slack slack,
                              @DefaultValue Webhook webhook, @DefaultValue Sender sender) {

    /** The values that must never appear in logs: the Slack bot token and webhook URL, the generic webhook URL. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        for (String s : new String[] {slack.token(), slack.webhookUrl(), webhook.url()}) {
            if (s != null && !s.isBlank()) {
                secrets.add(s.strip());
            }
        }
        return secrets;
    }

    /** @param timeout per HTTP call to Slack */
    public record Slack(String token, String channel, @DefaultValue(SlackSettings.DEFAULT_API_URL) String apiUrl,
                        String webhookUrl, @DefaultValue("10s") Duration timeout) {
        public SlackSettings settings() {
            return new SlackSettings(token, channel, apiUrl, webhookUrl, timeout);
        }
    }

    /** A generic JSON webhook (notifier {@code webhook}); unset means none. */
    public record Webhook(String url, @DefaultValue("10s") Duration timeout) {
        public boolean isConfigured() {
            return url != null && !url.isBlank();
        }
    }

    public record Sender(@DefaultValue("1s") Duration pollInterval, @DefaultValue("4") int parallelism,
                         @DefaultValue("5s") Duration initialBackoff, @DefaultValue("5m") Duration maxBackoff,
                         @DefaultValue("24h") Duration giveUpAfter, @DefaultValue("1m") Duration notConfiguredWait) {
        public SenderSettings settings() {
            return new SenderSettings(pollInterval, parallelism, initialBackoff, maxBackoff, giveUpAfter,
                    notConfiguredWait);
        }
    }
}
