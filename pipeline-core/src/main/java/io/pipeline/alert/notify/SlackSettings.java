package io.pipeline.alert.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Slack configuration ({@code pipeline.alerts.slack.*}): a bot token with a default channel, or an incoming-webhook
 * URL. Kept even when invalid, so that the problem can be reported (start-up warning, dashboard banner) while the
 * alerts wait in the outbox. Never shows the token or the webhook URL, which are secrets.
 *
 * @param apiUrl the Web API methods endpoint prefix; another Slack-compatible server can stand in
 */
public record SlackSettings(String token, String channel, String apiUrl, String webhookUrl, Duration timeout) {

    public static final String DEFAULT_API_URL = "https://slack.com/api/";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    // Bot (xoxb-), user (xoxp-) and the rotating (xoxe.xoxb-) forms.
    private static final Pattern TOKEN = Pattern.compile("(xoxe\\.)?xox[a-z]-[A-Za-z0-9-]+");

    public SlackSettings {
        token = blankToNull(token);
        channel = blankToNull(channel);
        webhookUrl = blankToNull(webhookUrl);
        apiUrl = blankToNull(apiUrl) == null ? DEFAULT_API_URL : apiUrl.trim();
        if (!apiUrl.endsWith("/")) {
            apiUrl = apiUrl + "/";
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("pipeline.alerts.slack.timeout must be positive, got " + timeout);
        }
    }

    public static SlackSettings withToken(String token, String channel, String apiUrl) {
        return new SlackSettings(token, channel, apiUrl, null, null);
    }

    public static SlackSettings withWebhook(String webhookUrl) {
        return new SlackSettings(null, null, null, webhookUrl, null);
    }

    public SlackSettings timeout(Duration newTimeout) {
        return new SlackSettings(token, channel, apiUrl, webhookUrl, newTimeout);
    }

    /** A token is set: post with chat.postMessage (the token wins over a webhook URL). */
    public boolean usesToken() {
        return token != null;
    }

    public boolean isConfigured() {
        return token != null || webhookUrl != null;
    }

    /** What prevents delivery, or empty when Slack can be used. */
    public Optional<String> problem() {
        if (!isConfigured()) {
            return Optional.of("Slack alerts are not configured: set pipeline.alerts.slack.token (a bot token, with "
                    + "pipeline.alerts.slack.channel) or pipeline.alerts.slack.webhook-url; alerts wait in the outbox");
        }
        if (usesToken()) {
            if (!TOKEN.matcher(token).matches()) {
                return Optional.of("pipeline.alerts.slack.token does not look like a Slack token (expected xoxb-...); "
                        + "alerts wait in the outbox");
            }
            if (!isHttpUrl(apiUrl)) {
                return Optional.of("pipeline.alerts.slack.api-url '" + apiUrl + "' is not an absolute http(s) URL");
            }
            return Optional.empty();
        }
        if (!isHttpUrl(webhookUrl)) {
            return Optional.of("pipeline.alerts.slack.webhook-url is not an absolute http(s) URL; alerts wait in the outbox");
        }
        return Optional.empty();
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(Objects.requireNonNull(url));
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "SlackSettings[token=" + (token == null ? "unset" : "****") + ", channel=" + channel + ", apiUrl="
                + apiUrl + ", webhookUrl=" + (webhookUrl == null ? "unset" : "****") + ", timeout=" + timeout + "]";
    }
}
