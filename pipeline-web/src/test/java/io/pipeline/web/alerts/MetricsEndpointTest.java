package io.pipeline.web.alerts;

import io.pipeline.dags.alerts.AlertsDeadlineProbe;
import io.pipeline.dags.alerts.MetricsHold;
import io.pipeline.dags.alerts.MetricsProbe;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.Await;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pipeline.web.alerts.AlertRuns.alerts;
import static io.pipeline.web.alerts.AlertRuns.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code /actuator/prometheus} after known runs: the engine's meters, the landing time against the XNYS close, the
 * queued/running gauges, the outbox gauges and deadline misses carry the values those runs imply; and
 * {@code docs/metrics.md} documents every {@code pipeline_*} metric the endpoint exposes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndpointTest extends ApiTestBase {

    private static final Path METRICS_DOC = Path.of("..", "docs", "metrics.md");

    @Autowired
    DataSource dataSource;

    private PrometheusText scrape() {
        ApiClient.Response r = as(Role.VIEWER).get("/actuator/prometheus");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }

    private static Map<String, String> probe(String... labels) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("dag", MetricsProbe.DAG_ID);
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return m;
    }

    private long count(String sql) {
        return JdbcClient.create(dataSource).sql(sql).query(Long.class).single();
    }

    @Test
    @Order(1)
    void two_runs_of_a_session_dag_give_exact_state_change_duration_lag_and_landing_values() {
        ApiClient user = as(Role.USER);
        // Session 2026-03-02 closed at 21:00Z: the run lands after the close. Session 2030-06-03 closes at 20:00Z,
        // years from now: the run lands before the close.
        JsonNode past = runToEnd(user, MetricsProbe.DAG_ID, "metrics_past", "2026-03-02T05:00:00Z");
        JsonNode future = runToEnd(user, MetricsProbe.DAG_ID, "metrics_future", "2030-06-03T04:00:00Z");
        assertThat(past.path("state").asString()).isEqualTo("success");
        assertThat(future.path("state").asString()).isEqualTo("success");
        Instant pastEnd = Instant.parse(past.path("end_date").asString());
        Instant futureEnd = Instant.parse(future.path("end_date").asString());

        PrometheusText m = scrape();

        for (String task : new String[] {"extract", "load"}) {
            assertThat(m.require("pipeline_ti_state_changes_total", probe("task", task, "state", "running")))
                    .isEqualTo(2.0);
            assertThat(m.require("pipeline_ti_state_changes_total", probe("task", task, "state", "success")))
                    .isEqualTo(2.0);
            assertThat(m.value("pipeline_ti_state_changes_total", probe("task", task, "state", "failed")))
                    .isEmpty();
            assertThat(m.require("pipeline_task_duration_seconds_count", probe("task", task, "state", "success")))
                    .isEqualTo(2.0);
        }
        assertThat(m.require("pipeline_dagrun_state_changes_total", probe("state", "success"))).isEqualTo(2.0);
        assertThat(m.require("pipeline_task_lag_seconds_count", probe())).isEqualTo(4.0);
        assertThat(m.require("pipeline_task_lag_seconds_bucket", probe("le", "+Inf"))).isEqualTo(4.0);

        Duration after = Duration.between(Instant.parse("2026-03-02T21:00:00Z"), pastEnd);
        Duration before = Duration.between(futureEnd, Instant.parse("2030-06-03T20:00:00Z"));
        Map<String, String> afterClose = probe("state", "success", "relative", "after_close");
        Map<String, String> beforeClose = probe("state", "success", "relative", "before_close");
        assertThat(m.require("pipeline_dagrun_landing_seconds_count", afterClose)).isEqualTo(1.0);
        assertThat(m.require("pipeline_dagrun_landing_seconds_sum", afterClose))
                .isCloseTo(after.toNanos() / 1e9, within(0.01));
        assertThat(m.require("pipeline_dagrun_landing_seconds_count", beforeClose)).isEqualTo(1.0);
        assertThat(m.require("pipeline_dagrun_landing_seconds_sum", beforeClose))
                .isCloseTo(before.toNanos() / 1e9, within(0.01));
        assertThat(m.require("pipeline_dagrun_landing_last_seconds", probe()))
                .isCloseTo(-before.toNanos() / 1e9, within(0.01));
        assertThat(m.require("pipeline_scheduler_loop_seconds_count", Map.of())).isPositive();
    }

    @Test
    @Order(2)
    void the_running_and_queued_gauges_follow_the_task_instances_in_the_database() {
        ApiClient user = as(Role.USER);
        ApiClient.Response created = user.post("/api/v1/dags/" + MetricsHold.DAG_ID + "/dagRuns",
                "{\"dag_run_id\": \"hold_1\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String runningSql = "SELECT count(*) FROM task_instance WHERE state = 'running'";
        try {
            Await.until(Duration.ofSeconds(30), () -> count(
                    "SELECT count(*) FROM task_instance WHERE dag_id = 'metrics_hold' AND state = 'running'"),
                    n -> n == 1, "hold running");

            double running = Await.until(Duration.ofSeconds(15),
                    () -> scrape().require("pipeline_ti_running", Map.of()),
                    v -> v >= 1 && v == count(runningSql), "the running gauge counts the held task");
            assertThat(running).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape().value("pipeline_ti_queued", Map.of())).isPresent();
        } finally {
            MetricsHold.release();
        }
        Await.until(Duration.ofSeconds(30), () -> user.get("/api/v1/dags/metrics_hold/dagRuns/hold_1").json(),
                r -> r.path("state").asString().equals("success"), "hold_1 finished");
        Await.until(Duration.ofSeconds(15), () -> scrape().require("pipeline_ti_running", Map.of()),
                v -> v == count(runningSql), "the running gauge drops with the database");
    }

    @Test
    @Order(3)
    void a_missed_deadline_is_raised_by_the_running_checker_counted_and_waits_in_the_outbox() {
        String logicalDate = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS).toString();
        ApiClient.Response created = as(Role.USER).post("/api/v1/dags/" + AlertsDeadlineProbe.DAG_ID + "/dagRuns",
                "{\"dag_run_id\": \"deadline_1\", \"logical_date\": \"" + logicalDate + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);

        JsonNode missed = Await.until(Duration.ofSeconds(30), () -> alerts(as(Role.VIEWER),
                        "dag_id=" + AlertsDeadlineProbe.DAG_ID + "&event=deadline_missed"),
                page -> page.path("total_entries").asLong() == 1, "the deadline miss alert");
        assertThat(missed.path("alerts").get(0).path("summary").asString()).contains("missed its deadline");
        assertThat(missed.path("alerts").get(0).path("state").asString()).isEqualTo("pending");
        assertThat(scrape().require("pipeline_alerts_deadline_misses_total",
                Map.of("dag", AlertsDeadlineProbe.DAG_ID))).isEqualTo(1.0);

        String pendingSql = "SELECT count(*) FROM alert_outbox WHERE state = 'pending'";
        double depth = Await.until(Duration.ofSeconds(15),
                () -> scrape().require("pipeline_alerts_outbox_depth", Map.of()),
                v -> v == count(pendingSql), "the outbox depth gauge matches the pending alerts");
        assertThat(depth).isGreaterThanOrEqualTo(1.0);
        Instant oldest = JdbcClient.create(dataSource)
                .sql("SELECT min(created_at) FROM alert_outbox WHERE state = 'pending'")
                .query((rs, i) -> rs.getTimestamp(1).toInstant()).single();
        assertThat(scrape().require("pipeline_alerts_outbox_oldest_age_seconds", Map.of()))
                .isCloseTo(Duration.between(oldest, Instant.now()).toSeconds(), within(3.0));
    }

    @Test
    @Order(4)
    void docs_metrics_md_documents_every_metric_the_endpoint_exposes() throws IOException {
        String doc = Files.readString(METRICS_DOC);
        List<String> families = new ArrayList<>();
        Matcher wildcard = Pattern.compile("`([a-z_]+)\\*`").matcher(doc);
        while (wildcard.find()) {
            families.add(wildcard.group(1));
        }

        PrometheusText scrape = scrape();
        Set<String> ours = scrape.names("pipeline_");

        assertThat(ours).contains("pipeline_ti_state_changes_total", "pipeline_task_duration_seconds_count",
                "pipeline_task_lag_seconds_bucket", "pipeline_ti_queued", "pipeline_ti_running",
                "pipeline_scheduler_loop_seconds_count", "pipeline_dagrun_landing_seconds_count",
                "pipeline_alerts_outbox_depth", "pipeline_alerts_outbox_oldest_age_seconds",
                "pipeline_alerts_deadline_misses_total");
        assertThat(ours).allSatisfy(name -> assertThat(doc).as("docs/metrics.md lists %s", name)
                .contains("`" + PrometheusText.family(name) + "`"));
        assertThat(families).as("platform families in docs/metrics.md").contains("jvm_", "hikaricp_");
        assertThat(scrape.names("")).filteredOn(name -> !name.startsWith("pipeline_"))
                .allSatisfy(name -> assertThat(families)
                        .as("docs/metrics.md has a platform family for %s", name).anyMatch(name::startsWith));
    }
}
