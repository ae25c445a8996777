package io.pipeline.web.api;

import io.pipeline.web.security.PermitAnonymous;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.pipeline.store.NodeRepository;
import io.pipeline.web.alerts.AlertHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/v1/health} in Airflow's shape: the metadatabase answers, and a scheduler heartbeated recently
 * (within {@link #SCHEDULER_THRESHOLD}, Airflow's default {@code scheduler_health_check_threshold}), and ours: the
 * alert sender ({@code alert_sender}: status, last pass, configuration problems). Always 200; the body says what is
 * unhealthy. Open without credentials, as in Airflow.
 */
@PermitAnonymous
@RestController
@RequestMapping("/api/v1")
public class HealthController {

    static final Duration SCHEDULER_THRESHOLD = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(HealthController.class);

    private final NodeRepository nodes;
    private final Clock clock;
    private final ObjectProvider<AlertHealth> alerts;

    public HealthController(NodeRepository nodes, Clock clock, ObjectProvider<AlertHealth> alerts) {
        this.nodes = nodes;
        this.clock = clock;
        this.alerts = alerts;
    }

    public record Status(String status) {
    }

    public record SchedulerStatus(String status, Instant latestSchedulerHeartbeat) {
    }

    /** Ours beside Airflow's fields: the alert sender (absent when the application has no alerts). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthInfo(Status metadatabase, SchedulerStatus scheduler, AlertHealth.Report alertSender) {
    }

    @GetMapping("/health")
    public HealthInfo health() {
        Instant heartbeat;
        try {
            heartbeat = nodes.latestSchedulerHeartbeat().orElse(null);
        } catch (DataAccessException e) {
            log.warn("health: the metadatabase does not answer: {}", e.getMostSpecificCause().getMessage());
            return new HealthInfo(new Status("unhealthy"), new SchedulerStatus("unhealthy", null), alertSender());
        }
        boolean fresh = heartbeat != null
                && Duration.between(heartbeat, clock.instant()).compareTo(SCHEDULER_THRESHOLD) <= 0;
        return new HealthInfo(new Status("healthy"), new SchedulerStatus(fresh ? "healthy" : "unhealthy", heartbeat),
                alertSender());
    }

    private AlertHealth.Report alertSender() {
        AlertHealth health = alerts.getIfAvailable();
        return health == null ? null : health.report();
    }
}
