package io.pipeline.alert.config;

import io.pipeline.alert.notify.JsonWebhookNotifier;
import io.pipeline.alert.notify.Notifier;
import io.pipeline.alert.notify.SlackApiNotifier;
import io.pipeline.alert.notify.SlackSettings;
import io.pipeline.alert.notify.SlackWebhookNotifier;
import io.pipeline.alert.notify.UnconfiguredNotifier;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The notifiers the configuration asks for. */
public final class Notifiers {

    private Notifiers() {
    }

    /**
     * Slack (by token, else by webhook URL) and the generic webhook when its URL is set. Slack is present unconfigured
     * when nothing at all is configured, so that the missing setup is reported and alerts wait rather than vanish.
     */
    public static List<Notifier> from(AlertProperties p, Clock clock) {
        List<Notifier> out = new ArrayList<>();
        SlackSettings slack = p.slack().settings();
        if (slack.usesToken()) {
            out.add(new SlackApiNotifier(slack, clock));
        } else if (slack.webhookUrl() != null) {
            out.add(new SlackWebhookNotifier(slack, clock));
        } else if (!p.webhook().isConfigured()) {
            out.add(new UnconfiguredNotifier(SlackApiNotifier.NAME, slack.problem().orElseThrow()));
        }
        if (p.webhook().isConfigured()) {
            out.add(new JsonWebhookNotifier(p.webhook().url(), p.webhook().timeout(), clock));
        }
        return out;
    }
}
