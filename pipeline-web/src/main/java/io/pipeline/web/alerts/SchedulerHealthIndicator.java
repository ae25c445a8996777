package io.pipeline.web.alerts;

import io.pipeline.web.api.HealthController;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code scheduler}: up while some scheduler node heartbeated within Airflow's
 * threshold, with the latest heartbeat; the same answer as {@code GET /api/v1/health}.
 */
final class SchedulerHealthIndicator implements HealthIndicator {

    private final HealthController api;

    SchedulerHealthIndicator(HealthController api) {
        this.api = api;
    }

    @Override
    public Health health() {
        HealthController.SchedulerStatus scheduler = api.health().scheduler();
        Health.Builder health = "healthy".equals(scheduler.status()) ? Health.up() : Health.down();
        return health.withDetail("latest_scheduler_heartbeat", scheduler.latestSchedulerHeartbeat() == null
                ? "never" : scheduler.latestSchedulerHeartbeat().toString()).build();
    }
}
