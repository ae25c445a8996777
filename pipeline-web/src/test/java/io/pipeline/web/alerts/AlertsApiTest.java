package io.pipeline.web.alerts;

import io.pipeline.dags.alerts.AlertsApiFailing;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static io.pipeline.web.alerts.AlertRuns.alerts;
import static io.pipeline.web.alerts.AlertRuns.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/alerts}, {@code GET /alerts/{id}} and the re-send endpoints against the running application,
 * whose Slack is not configured: the failure alerts of {@code alerts_api_failing} wait as pending, and tests turn
 * one into an undeliverable alert the way a permanent Slack error would.
 */
class AlertsApiTest extends ApiTestBase {

    private static final String DAG = AlertsApiFailing.DAG_ID;
    private static int runs;

    @Autowired
    DataSource dataSource;

    private String runId;

    /** A fresh failed run of the failing DAG per test, so that each test has its own two alerts. */
    @BeforeEach
    void aFailedRun() {
        runs++;
        runId = "alerts_api_" + runs;
        JsonNode run = runToEnd(as(Role.USER), DAG, runId, "2026-03-%02dT12:00:00Z".formatted(runs));
        assertThat(run.path("state").asString()).isEqualTo("failed");
    }

    private String ofRun() {
        return "dag_id=" + DAG + "&dag_run_id=" + runId;
    }

    private List<Long> alertIds() {
        List<Long> ids = new ArrayList<>();
        alerts(as(Role.VIEWER), ofRun()).path("alerts").forEach(a -> ids.add(a.path("alert_id").asLong()));
        return ids;
    }

    /** What the sender does on a permanent error such as Slack's channel_not_found. */
    private void makeUndeliverable(long alertId) {
        JdbcClient.create(dataSource).sql("""
                        UPDATE alert_outbox SET state = 'undeliverable', attempts = 1, last_error = 'channel_not_found'
                        WHERE id = :id""")
                .param("id", alertId).update();
    }

    @Test
    void a_failed_run_lists_its_task_and_run_failure_alerts_newest_first_pending_while_slack_is_not_configured() {
        JsonNode page = alerts(as(Role.VIEWER), ofRun());

        assertThat(page.path("total_entries").asLong()).isEqualTo(2);
        JsonNode runAlert = page.path("alerts").get(0);
        JsonNode taskAlert = page.path("alerts").get(1);
        assertThat(runAlert.path("event").asString()).isEqualTo("run_failure");
        assertThat(runAlert.path("task_id").isNull()).isTrue();
        assertThat(runAlert.path("summary").asString()).isEqualTo(DAG + " [2026-03-%02d] has failed!".formatted(runs));
        assertThat(taskAlert.path("event").asString()).isEqualTo("failure");
        assertThat(taskAlert.path("task_id").asString()).isEqualTo("load_prices");
        assertThat(taskAlert.path("summary").asString())
                .isEqualTo(DAG + ".load_prices [2026-03-%02d] has failed!".formatted(runs));
        for (JsonNode a : page.path("alerts")) {
            assertThat(a.path("dag_id").asString()).isEqualTo(DAG);
            assertThat(a.path("dag_run_id").asString()).isEqualTo(runId);
            assertThat(a.path("notifier").asString()).isEqualTo("slack");
            assertThat(a.path("channel").asString()).isEqualTo("#desk");
            assertThat(a.path("state").asString()).isEqualTo("pending");
            assertThat(a.path("attempts").asInt()).isZero();
            assertThat(a.path("next_attempt_at").asString()).isNotBlank();
            assertThat(a.path("delivered_at").isNull()).isTrue();
        }
    }

    @Test
    void filters_limit_and_offset_select_alerts_and_total_entries_counts_all_matches() {
        ApiClient viewer = as(Role.VIEWER);

        assertThat(alerts(viewer, ofRun() + "&event=failure").path("alerts")).singleElement()
                .satisfies(a -> assertThat(a.path("task_id").asString()).isEqualTo("load_prices"));
        assertThat(alerts(viewer, ofRun() + "&state=pending").path("total_entries").asLong()).isEqualTo(2);
        assertThat(alerts(viewer, ofRun() + "&state=delivered").path("total_entries").asLong()).isZero();
        assertThat(alerts(viewer, ofRun() + "&task_id=load_prices").path("total_entries").asLong()).isEqualTo(1);
        assertThat(alerts(viewer, ofRun() + "&created_at_gte=2100-01-01T00:00:00Z").path("total_entries")
                .asLong()).isZero();
        JsonNode second = alerts(viewer, ofRun() + "&limit=1&offset=1");
        assertThat(second.path("total_entries").asLong()).isEqualTo(2);
        assertThat(second.path("alerts")).singleElement()
                .satisfies(a -> assertThat(a.path("event").asString()).isEqualTo("failure"));
        assertThat(alerts(viewer, "dag_id=" + DAG).path("total_entries").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void bad_parameters_are_400_problems_naming_the_parameter() {
        ApiClient viewer = as(Role.VIEWER);

        assertProblem(viewer.get("/api/v1/alerts?state=lost"), 400, "Parameter 'state'", "pending, delivered");
        assertProblem(viewer.get("/api/v1/alerts?event=exploded"), 400, "Parameter 'event'", "run_failure");
        assertProblem(viewer.get("/api/v1/alerts?limit=0"), 400, "Parameter 'limit'", "between 1 and 1000");
        assertProblem(viewer.get("/api/v1/alerts?limit=1001"), 400, "Parameter 'limit'");
        assertProblem(viewer.get("/api/v1/alerts?offset=-1"), 400, "Parameter 'offset'");
        assertProblem(viewer.get("/api/v1/alerts?created_at_gte=yesterday"), 400, "Parameter 'created_at_gte'",
                "RFC 3339");
        assertProblem(viewer.get("/api/v1/alerts/forty-two"), 400, "alert_id");
    }

    @Test
    void one_alert_shows_its_payload_and_its_delivery_attempts() {
        long taskAlert = alertIds().get(1);

        JsonNode alert = as(Role.VIEWER).get("/api/v1/alerts/" + taskAlert).json();

        assertThat(alert.path("alert_id").asLong()).isEqualTo(taskAlert);
        assertThat(alert.path("event").asString()).isEqualTo("failure");
        assertThat(alert.path("payload").path("task_id").asString()).isEqualTo("load_prices");
        assertThat(alert.path("payload").path("try_number").asInt()).isEqualTo(1);
        assertThat(alert.path("payload").path("max_tries").asInt()).isEqualTo(1);
        assertThat(alert.path("payload").path("error").asString()).contains("disk full");
        assertThat(alert.path("delivery_attempts").isArray()).isTrue();
        assertThat(alert.path("delivery_attempts")).isEmpty();
    }

    @Test
    void an_unknown_alert_is_404_and_no_credentials_is_401() {
        assertProblem(as(Role.VIEWER).get("/api/v1/alerts/987654321"), 404, "Alert 987654321 not found");
        assertProblem(as(Role.OP).post("/api/v1/alerts/987654321/resend", ""), 404, "Alert 987654321 not found");
        assertProblem(anonymous().get("/api/v1/alerts"), 401, "Authentication required");
        assertProblem(anonymous().get("/api/v1/alerts/1"), 401, "Authentication required");
        assertProblem(anonymous().post("/api/v1/alerts/resend", ""), 401, "Authentication required");
    }

    @Test
    void re_sending_needs_the_op_role() {
        long id = alertIds().get(0);
        makeUndeliverable(id);

        for (Role role : List.of(Role.VIEWER, Role.USER)) {
            assertProblem(as(role).post("/api/v1/alerts/" + id + "/resend", ""), 403, "needs the Op role");
            assertProblem(as(role).post("/api/v1/alerts/resend", ""), 403, "needs the Op role");
        }
        assertThat(as(Role.VIEWER).get("/api/v1/alerts/" + id).json().path("state").asString())
                .isEqualTo("undeliverable");
    }

    @Test
    void an_op_re_sends_an_undeliverable_alert_which_goes_back_in_line_and_is_audited() {
        long id = alertIds().get(1);
        makeUndeliverable(id);

        ApiClient.Response r = as(Role.OP).post("/api/v1/alerts/" + id + "/resend", "");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("state").asString()).isEqualTo("pending");
        assertThat(r.json().path("resent_at").asString()).isNotBlank();
        assertThat(r.json().path("next_attempt_at").asString()).isNotBlank();
        JsonNode audit = as(Role.VIEWER).get("/api/v1/eventLogs?event=alert.resend&dag_id=" + DAG + "&run_id="
                + runId).json();
        assertThat(audit.path("event_logs")).singleElement().satisfies(e -> {
            assertThat(e.path("owner").asString()).isEqualTo("op");
            assertThat(e.path("task_id").asString()).isEqualTo("load_prices");
            assertThat(e.path("extra").asString()).contains("\"alert_id\":" + id);
        });
        assertProblem(as(Role.OP).post("/api/v1/alerts/" + id + "/resend", ""), 409, "is pending",
                "only undeliverable alerts can be re-sent");
    }

    @Test
    void re_sending_all_puts_every_undeliverable_alert_back_in_line() {
        alertIds().forEach(this::makeUndeliverable);
        long undeliverable = JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM alert_outbox WHERE state = 'undeliverable'").query(Long.class).single();

        ApiClient.Response r = as(Role.ADMIN).post("/api/v1/alerts/resend", "");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("resent").asLong()).isEqualTo(undeliverable).isGreaterThanOrEqualTo(2);
        assertThat(alerts(as(Role.VIEWER), ofRun() + "&state=pending").path("total_entries").asLong()).isEqualTo(2);
        assertThat(alerts(as(Role.VIEWER), "state=undeliverable").path("total_entries").asLong()).isZero();
        assertThat(as(Role.OP).post("/api/v1/alerts/resend", "").json().path("resent").asLong()).isZero();
    }
}
