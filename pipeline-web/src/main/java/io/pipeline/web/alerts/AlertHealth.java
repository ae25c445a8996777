package io.pipeline.web.alerts;

import io.pipeline.alert.AlertRunner;
import io.pipeline.alert.AlertSender;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The alert sender's health, for {@code GET /api/v1/health} and {@code /actuator/health}: healthy while this node's
 * sender loop runs and completed a pass recently without error. Configuration problems (no Slack token, a malformed
 * one) are reported but do not make it unhealthy: alerts wait safely in the outbox until the configuration is fixed,
 * and a missing Slack setup must not fail a readiness probe.
 */
public final class AlertHealth {

    /** A pass older than this means the loop is stuck (it runs every poll interval, default 1 s). */
    static final Duration STALE_AFTER = Duration.ofSeconds(60);

    private final AlertRunner runner;
    private final AlertSender sender;
    private final boolean enabled;
    private final Clock clock;

    public AlertHealth(AlertRunner runner, AlertSender sender, boolean enabled, Clock clock) {
        this.runner = runner;
        this.sender = sender;
        this.enabled = enabled;
        this.clock = clock;
    }

    /**
     * @param status                "healthy", "unhealthy", or "disabled" when this node does not run the sender
     *                              ({@code pipeline.alerts.enabled=false})
     * @param lastPass              when the sender last completed a pass without error, or null
     * @param lastError             the last pass's error, or null
     * @param configurationProblems why a notifier cannot deliver (alerts wait meanwhile); empty when none
     */
    public record Report(String status, Instant lastPass, String lastError, List<String> configurationProblems,
                         List<AlertSender.NotifierStatus> notifiers) {
    }

    public Report report() {
        Instant lastPass = runner.lastPassAt();
        String lastError = runner.lastError();
        return new Report(status(lastPass, lastError), lastPass, lastError, sender.configurationProblems(),
                sender.status());
    }

    private String status(Instant lastPass, String lastError) {
        if (!enabled) {
            return "disabled";
        }
        boolean fresh = lastPass != null && Duration.between(lastPass, clock.instant()).compareTo(STALE_AFTER) <= 0;
        return runner.isRunning() && fresh && lastError == null ? "healthy" : "unhealthy";
    }
}
