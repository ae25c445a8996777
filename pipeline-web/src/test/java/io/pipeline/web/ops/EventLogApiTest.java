package io.pipeline.web.ops;

import io.pipeline.dags.ops.OpsApiEtl;
import io.pipeline.ops.Operations;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /eventLogs}: every operation with who, when, what, the scope and the TIs; filters and errors. */
class EventLogApiTest extends ApiTestBase {

    @Autowired
    Operations ops;
    @Autowired
    DataSource dataSource;
    EtlRuns runs;

    @BeforeEach
    void dag() {
        runs = new EtlRuns(ops, JdbcClient.create(dataSource));
    }

    @Test
    void a_clear_through_the_api_is_logged_with_its_user_scope_and_task_instances() {
        String run = runs.failedRun();
        as(Role.USER).post("/api/v1/dags/" + OpsApiEtl.ID + "/clearTaskInstances", "{\"dry_run\": false,"
                + " \"dag_run_id\": \"" + run + "\", \"task_ids\": [\"transform\"], \"include_downstream\": true}");

        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/eventLogs?event=clear&run_id=" + run);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("total_entries").asInt()).isEqualTo(1);
        JsonNode e = r.json().path("event_logs").get(0);
        assertThat(e.path("event").asString()).isEqualTo("clear");
        assertThat(e.path("owner").asString()).isEqualTo("user");
        assertThat(e.path("dag_id").asString()).isEqualTo(OpsApiEtl.ID);
        assertThat(e.path("run_id").asString()).isEqualTo(run);
        assertThat(e.path("task_id").isNull()).isTrue();
        assertThat(e.path("execution_date").asString()).isEqualTo(runs.logicalDate(run).toString());
        assertThat(e.path("when").asString()).isNotBlank();
        assertThat(e.path("extra").asString()).contains("\"via\":\"api\"", "\"only_failed\":true", "\"count\":3",
                "\"task_id\":\"report\"");

        JsonNode one = as(Role.VIEWER).get("/api/v1/eventLogs/" + e.path("event_log_id").asLong()).json();
        assertThat(one).isEqualTo(e);
    }

    @Test
    void a_trigger_and_a_pause_through_the_api_are_logged_with_their_user() {
        ApiClient.Response triggered = as(Role.USER).post("/api/v1/dags/" + OpsApiEtl.ID + "/dagRuns",
                "{\"dag_run_id\": \"audited_trigger\", \"conf\": {\"k\": 1}}");
        assertThat(triggered.status()).as(triggered.toString()).isEqualTo(200);
        ApiClient.Response paused = as(Role.USER).patch("/api/v1/dags/" + OpsApiEtl.ID, "{\"is_paused\": true}");
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        as(Role.USER).patch("/api/v1/dags/" + OpsApiEtl.ID, "{\"is_paused\": false}");

        JsonNode trigger = as(Role.VIEWER).get("/api/v1/eventLogs?event=trigger&run_id=audited_trigger").json();
        assertThat(trigger.path("total_entries").asInt()).isEqualTo(1);
        assertThat(trigger.path("event_logs").get(0).path("owner").asString()).isEqualTo("user");
        assertThat(trigger.path("event_logs").get(0).path("extra").asString()).contains("\"via\":\"api\"");
        JsonNode pauses = as(Role.VIEWER).get("/api/v1/eventLogs?dag_id=" + OpsApiEtl.ID
                + "&included_events=pause,unpause&order_by=event_log_id").json();
        assertThat(pauses.path("event_logs").findValuesAsString("event")).endsWith("pause", "unpause");
        assertThat(pauses.path("event_logs").findValuesAsString("owner")).endsWith("user", "user");
    }

    @Test
    void an_oversized_conf_is_refused_before_a_run_exists() {
        String big = "x".repeat(70 * 1024);
        ApiClient.Response r = as(Role.USER).post("/api/v1/dags/" + OpsApiEtl.ID + "/dagRuns",
                "{\"dag_run_id\": \"too_big\", \"conf\": {\"blob\": \"" + big + "\"}}");
        assertProblem(r, 400, "conf");
        assertThat(as(Role.VIEWER).get("/api/v1/dags/" + OpsApiEtl.ID + "/dagRuns/too_big").status()).isEqualTo(404);
    }

    @Test
    void filters_order_and_pages() {
        String run = runs.failedRun();
        ops.deleteRun(OpsApiEtl.ID, run, io.pipeline.ops.Actor.cli("ops-team"));

        JsonNode newest = as(Role.VIEWER).get("/api/v1/eventLogs?dag_id=" + OpsApiEtl.ID
                + "&order_by=-event_log_id&limit=1").json();
        assertThat(newest.path("event_logs")).hasSize(1);
        assertThat(newest.path("event_logs").get(0).path("event").asString()).isEqualTo("delete_dag_run");
        assertThat(newest.path("event_logs").get(0).path("owner").asString()).isEqualTo("ops-team");

        JsonNode excluded = as(Role.VIEWER).get("/api/v1/eventLogs?run_id=" + run
                + "&excluded_events=trigger").json();
        assertThat(excluded.path("event_logs").findValuesAsString("event")).containsExactly("delete_dag_run");
        JsonNode included = as(Role.VIEWER).get("/api/v1/eventLogs?run_id=" + run
                + "&included_events=trigger,delete_dag_run&owner=setup").json();
        assertThat(included.path("event_logs").findValuesAsString("event")).containsExactly("trigger");
        JsonNode none = as(Role.VIEWER).get("/api/v1/eventLogs?run_id=" + run + "&before=2000-01-01T00:00:00Z")
                .json();
        assertThat(none.path("total_entries").asInt()).isZero();
    }

    @Test
    void bad_parameters_are_400_and_a_missing_entry_404() {
        assertProblem(as(Role.VIEWER).get("/api/v1/eventLogs?order_by=color"), 400, "color");
        assertProblem(as(Role.VIEWER).get("/api/v1/eventLogs?before=yesterday"), 400, "'before'");
        assertProblem(as(Role.VIEWER).get("/api/v1/eventLogs?limit=0"), 400, "'limit'");
        assertProblem(as(Role.VIEWER).get("/api/v1/eventLogs/987654321"), 404, "987654321");
        assertProblem(anonymous().get("/api/v1/eventLogs"), 401, "Authentication required");
    }
}
