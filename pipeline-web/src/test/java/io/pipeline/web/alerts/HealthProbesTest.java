package io.pipeline.web.alerts;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes of a container platform: liveness is the application's own state, readiness adds the database and the
 * scheduler. Both are open (components listed), their details only for signed-in users.
 */
class HealthProbesTest extends ApiTestBase {

    @Test
    void liveness_is_open_and_reflects_only_the_application_state() {
        ApiClient.Response r = anonymous().get("/actuator/health/liveness");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asString()).isEqualTo("UP");
        JsonNode components = r.json().path("components");
        assertThat(components.path("livenessState").path("status").asString()).isEqualTo("UP");
        assertThat(components.has("db")).as("a database outage must not restart the node").isFalse();
    }

    @Test
    void readiness_is_open_and_reflects_the_database_and_the_scheduler_without_details() {
        ApiClient.Response r = anonymous().get("/actuator/health/readiness");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asString()).isEqualTo("UP");
        JsonNode components = r.json().path("components");
        assertThat(components.path("readinessState").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("scheduler").path("status").asString()).isEqualTo("UP");
        assertThat(components.has("alerts")).as("alerts are not a reason to take a node out").isFalse();
        assertThat(components.path("scheduler").has("details")).isFalse();
    }

    @Test
    void readiness_details_are_for_signed_in_users() {
        ApiClient.Response r = as(Role.VIEWER).get("/actuator/health/readiness");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("components").path("scheduler").path("details")
                .path("latest_scheduler_heartbeat").asString()).isNotBlank().isNotEqualTo("never");
    }
}
