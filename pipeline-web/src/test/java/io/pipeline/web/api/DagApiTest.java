package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DagApiTest extends ApiTestBase {

    @Test
    void lists_the_example_dags_in_airflows_shape() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/dags?dag_id_pattern=example_");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = ids(r.json().path("dags"));
        assertThat(ids).contains("example_trading_day", "example_close_sensor", "example_hello").isSorted();
        assertThat(r.json().path("total_entries").asInt()).isEqualTo(ids.size());
        JsonNode dag = r.json().path("dags").get(ids.indexOf("example_trading_day"));
        assertThat(dag.path("is_paused").asBoolean()).isFalse();
        assertThat(dag.path("is_active").asBoolean()).isTrue();
        assertThat(dag.path("owners").get(0).asString()).isEqualTo("market-data");
        assertThat(dag.path("tags").get(0).path("name").asString()).isEqualTo("example");
        assertThat(dag.path("schedule_interval").path("__type").asString()).isEqualTo("CronExpression");
        assertThat(dag.path("timetable_description").asString()).isNotBlank();
        assertThat(dag.path("fileloc").asString()).isEqualTo("io.pipeline.dags.examples.ExampleTradingDay");
        assertThat(dag.path("has_import_errors").asBoolean()).isFalse();
        assertThat(dag.has("next_dagrun")).isTrue();
    }

    @Test
    void pages_orders_and_filters_by_tag() {
        JsonNode page = as(Role.VIEWER).get("/api/v1/dags?dag_id_pattern=example_&order_by=-dag_id&limit=1").json();
        assertThat(ids(page.path("dags"))).containsExactly("example_trading_day");
        assertThat(page.path("total_entries").asInt()).isGreaterThanOrEqualTo(3);

        JsonNode sensors = as(Role.VIEWER).get("/api/v1/dags?tags=sensor").json();
        assertThat(ids(sensors.path("dags"))).containsExactly("example_close_sensor");
    }

    @Test
    void an_unknown_dag_is_404() {
        assertProblem(as(Role.VIEWER).get("/api/v1/dags/no_such_dag"), 404, "no_such_dag");
        assertProblem(as(Role.VIEWER).get("/api/v1/dags/no_such_dag/tasks"), 404, "no_such_dag");
        assertProblem(as(Role.VIEWER).get("/api/v1/dags/no_such_dag/dagRuns"), 404, "no_such_dag");
        assertProblem(as(Role.USER).post("/api/v1/dags/no_such_dag/dagRuns", "{}"), 404, "no_such_dag");
    }

    @Test
    void pauses_and_unpauses_with_update_mask() {
        ApiClient.Response paused = as(Role.USER).patch("/api/v1/dags/example_hello?update_mask=is_paused",
                "{\"is_paused\": true}");
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        assertThat(paused.json().path("is_paused").asBoolean()).isTrue();
        assertThat(as(Role.VIEWER).get("/api/v1/dags/example_hello").json().path("is_paused").asBoolean()).isTrue();
        assertThat(ids(as(Role.VIEWER).get("/api/v1/dags?paused=true").json().path("dags"))).contains("example_hello");

        ApiClient.Response unpaused = as(Role.USER).patch("/api/v1/dags/example_hello", "{\"is_paused\": false}");
        assertThat(unpaused.json().path("is_paused").asBoolean()).isFalse();
    }

    @Test
    void a_patch_of_anything_but_is_paused_is_400() {
        assertProblem(as(Role.USER).patch("/api/v1/dags/example_hello?update_mask=description",
                "{\"description\": \"x\"}"), 400, "update_mask", "is_paused");
        assertProblem(as(Role.USER).patch("/api/v1/dags/example_hello", "{\"is_paused\": \"yes\"}"), 400,
                "'is_paused'");
    }

    @Test
    void malformed_json_is_400() {
        assertProblem(as(Role.USER).patch("/api/v1/dags/example_hello", "{\"is_paused\": tru"), 400, "JSON");
        assertProblem(as(Role.USER).post("/api/v1/dags/example_hello/dagRuns", "{\"conf\": {"), 400, "JSON");
    }

    @Test
    void a_viewer_may_not_pause() {
        assertProblem(as(Role.VIEWER).patch("/api/v1/dags/example_hello", "{\"is_paused\": true}"), 403,
                "needs the User role");
    }

    @Test
    void lists_the_tasks_of_a_dag_with_their_settings() {
        JsonNode tasks = as(Role.VIEWER).get("/api/v1/dags/example_trading_day/tasks").json().path("tasks");

        assertThat(ids(tasks, "task_id")).containsExactly("choose_source", "fetch_backup", "fetch_prices",
                "list_symbols", "load_bars", "report");
        JsonNode load = as(Role.VIEWER).get("/api/v1/dags/example_trading_day/tasks/load_bars").json();
        assertThat(load.path("retries").asInt()).isEqualTo(1);
        assertThat(load.path("retry_delay").path("seconds").asInt()).isEqualTo(2);
        assertThat(load.path("retry_delay").path("__type").asString()).isEqualTo("TimeDelta");
        assertThat(load.path("trigger_rule").asString()).isEqualTo("none_failed_min_one_success");
        assertThat(ids(load.path("downstream_task_ids"), null)).containsExactly("report");
        JsonNode fetch = as(Role.VIEWER).get("/api/v1/dags/example_trading_day/tasks/fetch_prices").json();
        assertThat(fetch.path("is_mapped").asBoolean()).isTrue();
        assertProblem(as(Role.VIEWER).get("/api/v1/dags/example_trading_day/tasks/nope"), 404, "nope");
    }

    @Test
    void import_errors_are_listed_naming_the_class_and_the_problem() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/importErrors");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> files = ids(r.json().path("import_errors"), "filename");
        assertThat(files).contains("io.pipeline.dags.broken.BrokenCycleDag", "io.pipeline.dags.broken.ThrowingDag");
        assertThat(r.body()).contains("cycle").contains("no vendor credentials");
        long id = r.json().path("import_errors").get(0).path("import_error_id").asLong();
        assertThat(as(Role.VIEWER).get("/api/v1/importErrors/" + id).status()).isEqualTo(200);
        assertProblem(as(Role.VIEWER).get("/api/v1/importErrors/999999"), 404, "999999");
    }

    @Test
    void a_dag_with_an_import_error_is_listed_as_such_and_the_others_still_load() {
        JsonNode broken = as(Role.VIEWER).get("/api/v1/dags/test_broken_cycle").json();

        assertThat(broken.path("has_import_errors").asBoolean()).isTrue();
        assertProblem(as(Role.USER).post("/api/v1/dags/test_broken_cycle/dagRuns", "{}"), 404, "import");
    }

    private static List<String> ids(JsonNode array) {
        return ids(array, "dag_id");
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asString() : n.path(field).asString()));
        return out;
    }
}
