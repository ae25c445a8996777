package io.pipeline.web.security;

import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SecurityApiTest extends ApiTestBase {

    @Test
    void health_is_open_and_reports_the_metadatabase_and_the_scheduler() {
        ApiClient.Response r = anonymous().get("/api/v1/health");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("metadatabase").path("status").asString()).isEqualTo("healthy");
        // this node runs the scheduler, which heartbeats every few seconds
        assertThat(r.json().path("scheduler").path("status").asString()).isEqualTo("healthy");
        assertThat(Instant.parse(r.json().path("scheduler").path("latest_scheduler_heartbeat").asString()))
                .isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void a_request_without_credentials_gets_401_problem_with_a_basic_challenge() {
        ApiClient.Response r = anonymous().get("/api/v1/calendars");

        assertProblem(r, 401, "Authentication required");
        assertThat(r.wwwAuthenticate()).startsWith("Basic realm=");
    }

    @Test
    void a_wrong_password_gets_401_and_the_log_names_the_user_but_not_the_password(CapturedOutput output) {
        ApiClient.Response r = anonymous().as("viewer", "not-the-Secret-42").get("/api/v1/calendars");

        assertProblem(r, 401, "Invalid credentials for user 'viewer'");
        assertThat(output.getAll()).contains("authentication failed for user 'viewer'")
                .doesNotContain("not-the-Secret-42");
    }

    @Test
    void an_unknown_user_gets_401() {
        assertProblem(anonymous().as("nobody", "whatever-123").get("/api/v1/calendars"), 401, "nobody");
    }

    @Test
    void a_viewer_reads_but_may_not_trigger_and_the_403_names_the_role_needed(CapturedOutput output) {
        assertThat(as(Role.VIEWER).get("/api/v1/calendars").status()).isEqualTo(200);

        ApiClient.Response r = as(Role.VIEWER).post("/api/v1/dags/example_trading_day/dagRuns", "{}");

        assertProblem(r, 403, "User 'viewer'", "needs the User role");
        assertThat(output.getAll()).contains("403").doesNotContain(password(Role.VIEWER));
    }

    @Test
    void the_bootstrap_admin_logs_in_with_the_configured_password() {
        ApiClient.Response r = anonymous().as("admin", ADMIN_PASSWORD).get("/api/v1/calendars");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void prometheus_metrics_need_a_login_on_the_application_port() {
        assertProblem(anonymous().get("/actuator/prometheus"), 401, "Authentication required");
        ApiClient.Response r = as(Role.VIEWER).get("/actuator/prometheus");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("jvm_memory_used_bytes");
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }
}
