package io.pipeline.alert.notify;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;

/** Builds the official Slack client for our settings: our timeouts, our endpoint, no background statistics. */
final class SlackClients {

    private SlackClients() {
    }

    static Slack create(SlackSettings settings) {
        SlackConfig config = new SlackConfig();
        // Statistics run a background thread per client; we record our own metrics per attempt.
        config.setStatsEnabled(false);
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        int millis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        config.setHttpClientReadTimeoutMillis(millis);
        config.setHttpClientWriteTimeoutMillis(millis);
        config.setHttpClientCallTimeoutMillis(millis);
        return Slack.getInstance(config);
    }
}
