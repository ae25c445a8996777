package io.pipeline.web.alerts;

import io.pipeline.alert.AlertSender;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /actuator/health} component {@code alerts}: the alert sender's status, last pass and configuration problems. */
final class AlertSenderHealthIndicator implements HealthIndicator {

    private final AlertHealth alerts;

    AlertSenderHealthIndicator(AlertHealth alerts) {
        this.alerts = alerts;
    }

    @Override
    public Health health() {
        AlertHealth.Report r = alerts.report();
        Status status = switch (r.status()) {
            case "healthy" -> Status.UP;
            case "disabled" -> Status.UNKNOWN;
            default -> Status.DOWN;
        };
        Health.Builder health = Health.status(status)
                .withDetail("sender", r.status())
                .withDetail("last_pass", r.lastPass() == null ? "never" : r.lastPass().toString())
                .withDetail("configuration_problems", r.configurationProblems())
                .withDetail("notifiers", notifiers(r.notifiers()));
        if (r.lastError() != null) {
            health.withDetail("last_error", r.lastError());
        }
        return health.build();
    }

    private static List<Map<String, Object>> notifiers(List<AlertSender.NotifierStatus> all) {
        return all.stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("configuration_problem", n.configurationProblem());
            m.put("last_permanent_error", n.lastPermanentError());
            m.put("rate_limited_until", n.rateLimitedUntil() == null ? null : n.rateLimitedUntil().toString());
            return m;
        }).toList();
    }
}
