package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class DagRunApiTest extends ApiTestBase {

    private static final String RUNS = "/api/v1/dags/example_hello/dagRuns";

    @Test
    void a_triggered_run_has_airflows_fields_and_can_be_read_back() {
        ApiClient.Response created = as(Role.USER).post(RUNS, "{\"dag_run_id\": \"api_read_back\","
                + " \"logical_date\": \"2026-02-02T10:00:00+01:00\", \"conf\": {\"k\": 1}, \"note\": \"by hand\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode run = as(Role.VIEWER).get(RUNS + "/api_read_back").json();
        assertThat(run.path("dag_run_id").asString()).isEqualTo("api_read_back");
        assertThat(run.path("dag_id").asString()).isEqualTo("example_hello");
        assertThat(run.path("logical_date").asString()).isEqualTo("2026-02-02T09:00:00Z");
        assertThat(run.path("execution_date").asString()).isEqualTo("2026-02-02T09:00:00Z");
        assertThat(run.path("run_type").asString()).isEqualTo("manual");
        assertThat(run.path("conf").path("k").asInt()).isEqualTo(1);
        assertThat(run.path("note").asString()).isEqualTo("by hand");
        assertThat(run.has("data_interval_start")).isTrue();
        assertThat(run.has("data_interval_end")).isTrue();
    }

    @Test
    void a_taken_run_id_or_logical_date_is_409() {
        as(Role.USER).post(RUNS, "{\"dag_run_id\": \"api_dup\", \"logical_date\": \"2026-02-03T10:00:00Z\"}");

        assertProblem(as(Role.USER).post(RUNS, "{\"dag_run_id\": \"api_dup\"}"), 409, "api_dup");
        assertProblem(as(Role.USER).post(RUNS, "{\"dag_run_id\": \"api_dup2\", \"logical_date\": \"2026-02-03T10:00:00Z\"}"),
                409, "logical date");
    }

    @Test
    void bad_fields_are_400_naming_the_field() {
        assertProblem(as(Role.USER).post(RUNS, "{\"logical_date\": \"yesterday\"}"), 400, "'logical_date'", "yesterday");
        assertProblem(as(Role.USER).post(RUNS, "{\"conf\": [1, 2]}"), 400, "'conf'");
        assertProblem(as(Role.USER).post(RUNS, "{\"state\": \"success\"}"), 400, "state");
        assertProblem(as(Role.USER).post(RUNS, "{\"dag_run_id\": \"has spaces\"}"), 400,
                "invalid dag_run_id 'has spaces'");
        assertProblem(as(Role.USER).post(RUNS, "[]"), 400, "JSON object");
    }

    @Test
    void a_conf_that_breaks_the_dag_params_is_400() {
        assertProblem(as(Role.USER).post("/api/v1/dags/example_trading_day/dagRuns",
                "{\"dag_run_id\": \"bad_conf\", \"conf\": {\"source\": 42}}"), 400, "'conf'", "source");
    }

    @Test
    void an_unknown_run_is_404() {
        assertProblem(as(Role.VIEWER).get(RUNS + "/no_such_run"), 404, "no_such_run");
        assertProblem(as(Role.VIEWER).get(RUNS + "/no_such_run/taskInstances"), 404, "no_such_run");
    }

    @Test
    void lists_runs_with_filters_order_and_total() {
        as(Role.USER).post(RUNS, "{\"dag_run_id\": \"api_list_a\", \"logical_date\": \"2020-01-01T00:00:00Z\"}");
        as(Role.USER).post(RUNS, "{\"dag_run_id\": \"api_list_b\", \"logical_date\": \"2020-01-02T00:00:00Z\"}");

        JsonNode page = as(Role.VIEWER).get(RUNS + "?execution_date_lte=2020-01-31T00:00:00Z&order_by=-execution_date")
                .json();

        assertThat(page.path("total_entries").asInt()).isEqualTo(2);
        assertThat(page.path("dag_runs").get(0).path("dag_run_id").asString()).isEqualTo("api_list_b");
        assertThat(page.path("dag_runs").get(1).path("dag_run_id").asString()).isEqualTo("api_list_a");
        JsonNode all = as(Role.VIEWER).get("/api/v1/dags/~/dagRuns?limit=1").json();
        assertThat(all.path("dag_runs")).hasSize(1);
        assertThat(all.path("total_entries").asInt()).isGreaterThanOrEqualTo(2);
        assertProblem(as(Role.VIEWER).get(RUNS + "?state=done"), 400, "'state'");
        assertProblem(as(Role.VIEWER).get(RUNS + "?order_by=colour"), 400, "'order_by'");
        assertProblem(as(Role.VIEWER).get(RUNS + "?start_date_gte=soon"), 400, "'start_date_gte'");
    }
}
