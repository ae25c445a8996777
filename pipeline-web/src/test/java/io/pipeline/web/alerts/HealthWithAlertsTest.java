package io.pipeline.web.alerts;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.Await;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health reports the database, the scheduler's last heartbeat and the alert sender, in Airflow's
 * {@code GET /api/v1/health} and in {@code /actuator/health} (components for everyone, details when signed in).
 * The test application has no Slack configuration, which must show as a problem without making it unhealthy.
 */
class HealthWithAlertsTest extends ApiTestBase {

    @Test
    void api_health_reports_the_alert_sender_with_its_last_pass_and_the_missing_slack_configuration() {
        JsonNode health = Await.until(Duration.ofSeconds(10), () -> anonymous().get("/api/v1/health").json(),
                h -> h.path("alert_sender").path("last_pass").isString(), "the alert sender's first pass");

        assertThat(health.path("metadatabase").path("status").asString()).isEqualTo("healthy");
        assertThat(health.path("scheduler").path("status").asString()).isEqualTo("healthy");
        JsonNode sender = health.path("alert_sender");
        assertThat(sender.path("status").asString()).isEqualTo("healthy");
        assertThat(Instant.parse(sender.path("last_pass").asString()))
                .isAfter(Instant.now().minus(AlertHealth.STALE_AFTER));
        assertThat(sender.path("configuration_problems")).singleElement()
                .satisfies(p -> assertThat(p.asString()).contains("Slack alerts are not configured")
                        .contains("pipeline.alerts.slack.token"));
        assertThat(sender.path("notifiers")).singleElement().satisfies(n -> {
            assertThat(n.path("name").asString()).isEqualTo("slack");
            assertThat(n.path("configuration_problem").asString()).contains("not configured");
        });
    }

    @Test
    void actuator_health_shows_database_scheduler_and_alerts_components_to_everyone() {
        ApiClient.Response r = anonymous().get("/actuator/health");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode components = r.json().path("components");
        assertThat(r.json().path("status").asString()).isEqualTo("UP");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("scheduler").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("alerts").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("alerts").has("details")).as("details only for signed-in users").isFalse();
    }

    @Test
    void actuator_health_details_give_signed_in_users_the_heartbeat_and_the_alert_configuration_problems() {
        ApiClient.Response r = as(Role.VIEWER).get("/actuator/health");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode components = r.json().path("components");
        assertThat(Instant.parse(components.path("scheduler").path("details").path("latest_scheduler_heartbeat")
                .asString())).isAfter(Instant.now().minusSeconds(60));
        JsonNode alerts = components.path("alerts").path("details");
        assertThat(alerts.path("sender").asString()).isEqualTo("healthy");
        assertThat(alerts.path("last_pass").asString()).isNotEqualTo("never");
        assertThat(alerts.path("configuration_problems").get(0).asString()).contains("not configured");
        assertThat(alerts.path("notifiers").get(0).path("name").asString()).isEqualTo("slack");
    }
}
