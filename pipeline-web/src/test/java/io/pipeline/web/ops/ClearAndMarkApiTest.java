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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** clearTaskInstances, dagRuns/{id}/clear, updateTaskInstancesState and DELETE dagRuns/{id}: success and errors. */
class ClearAndMarkApiTest extends ApiTestBase {

    static final String DAG = "/api/v1/dags/" + OpsApiEtl.ID;

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
    void clear_task_instances_is_a_dry_run_by_default_and_clears_with_dry_run_false() {
        String run = runs.failedRun();
        String body = "{\"dag_run_id\": \"" + run + "\", \"task_ids\": [\"transform\"], \"include_downstream\": true}";

        ApiClient.Response dry = as(Role.USER).post(DAG + "/clearTaskInstances", body);

        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(taskIds(dry.json())).containsExactly("transform", "load", "report");
        JsonNode first = dry.json().path("task_instances").get(0);
        assertThat(first.path("dag_id").asString()).isEqualTo(OpsApiEtl.ID);
        assertThat(first.path("dag_run_id").asString()).isEqualTo(run);
        assertThat(first.path("execution_date").asString()).isEqualTo(runs.logicalDate(run).toString());
        assertThat(runs.state(run, "transform")).isEqualTo("failed");

        ApiClient.Response real = as(Role.USER).post(DAG + "/clearTaskInstances",
                body.replace("{", "{\"dry_run\": false, "));

        assertThat(real.status()).as(real.toString()).isEqualTo(200);
        assertThat(taskIds(real.json())).containsExactly("transform", "load", "report");
        assertThat(runs.state(run, "transform")).isEqualTo("none");
        assertThat(runs.state(run, "extract")).isEqualTo("success");
        assertThat(runs.runState(run)).isEqualTo("queued");
    }

    @Test
    void clear_task_instances_takes_only_failed_by_default_and_a_date_range_or_a_regex() {
        String run = runs.failedRun();
        String range = "\"start_date\": \"" + runs.logicalDate(run) + "\", \"end_date\": \"" + runs.logicalDate(run)
                + "\"";

        JsonNode failed = as(Role.USER).post(DAG + "/clearTaskInstances", "{" + range + "}").json();
        JsonNode all = as(Role.USER).post(DAG + "/clearTaskInstances", "{" + range + ", \"only_failed\": false}")
                .json();
        JsonNode regex = as(Role.USER).post(DAG + "/clearTaskInstances", "{" + range
                + ", \"only_failed\": false, \"task_regex\": \"^(load|report)$\"}").json();

        assertThat(taskIds(failed)).containsExactly("transform", "load", "report");
        assertThat(taskIds(all)).containsExactly("extract", "transform", "load", "report", "audit");
        assertThat(taskIds(regex)).containsExactly("load", "report");
    }

    @Test
    void clear_task_instances_refuses_bad_input_naming_the_field() {
        String run = runs.failedRun();
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"color\": 1}"), 400, "color");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"only_failed\": \"yes\"}"), 400,
                "'only_failed'");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"task_ids\": []}"), 400, "'task_ids'");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"dag_run_id\": \"" + run
                + "\", \"start_date\": \"2021-01-01T00:00:00Z\"}"), 400, "not both");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"only_running\": true}"), 400,
                "only_failed and only_running");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"start_date\": \"yesterday\"}"), 400,
                "'start_date'");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"start_date\": \"2021-02-01T00:00:00Z\","
                + " \"end_date\": \"2021-01-01T00:00:00Z\"}"), 400, "before start_date");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "[1]"), 400, "JSON object");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"task_regex\": \"(\"}"), 400, "regular");
    }

    @Test
    void clear_task_instances_404s_name_the_missing_dag_run_or_task() {
        assertProblem(as(Role.USER).post("/api/v1/dags/no_such_dag/clearTaskInstances", "{}"), 404, "no_such_dag");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"dag_run_id\": \"no_run\"}"), 404,
                "no_run");
        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", "{\"task_ids\": [\"nope\"]}"), 404,
                "has no task 'nope'");
        assertProblem(as(Role.USER).post("/api/v1/dags/bad%20id/clearTaskInstances", "{}"), 400, "dag id");
    }

    @Test
    void clear_dag_run_dry_run_lists_every_ti_and_the_real_clear_returns_the_queued_run() {
        String run = runs.failedRun();

        ApiClient.Response dry = as(Role.USER).post(DAG + "/dagRuns/" + run + "/clear", "{}");
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.json().path("total_entries").asInt()).isEqualTo(5);
        assertThat(dry.json().path("task_instances").get(1).path("state").asString()).isEqualTo("failed");

        ApiClient.Response real = as(Role.USER).post(DAG + "/dagRuns/" + run + "/clear", "{\"dry_run\": false}");
        assertThat(real.status()).as(real.toString()).isEqualTo(200);
        assertThat(real.json().path("dag_run_id").asString()).isEqualTo(run);
        assertThat(real.json().path("state").asString()).isEqualTo("queued");
        assertThat(runs.state(run, "extract")).isEqualTo("none");

        assertProblem(as(Role.USER).post(DAG + "/dagRuns/no_run/clear", "{}"), 404, "no_run");
        assertProblem(as(Role.USER).post(DAG + "/dagRuns/" + run + "/clear", "{\"dry\": true}"), 400, "dry");
    }

    @Test
    void update_task_instances_state_marks_by_run_id_or_execution_date() {
        String run = runs.failedRun();
        String byRun = "{\"dag_run_id\": \"" + run + "\", \"task_id\": \"transform\", \"new_state\": \"success\"}";

        JsonNode dry = as(Role.USER).post(DAG + "/updateTaskInstancesState", byRun).json();
        assertThat(taskIds(dry)).containsExactly("transform");
        assertThat(runs.state(run, "transform")).isEqualTo("failed");

        ApiClient.Response marked = as(Role.USER).post(DAG + "/updateTaskInstancesState",
                byRun.replace("{", "{\"dry_run\": false, "));
        assertThat(marked.status()).as(marked.toString()).isEqualTo(200);
        assertThat(runs.state(run, "transform")).isEqualTo("success");
        assertThat(runs.state(run, "load")).as("failed downstream resumes").isEqualTo("none");

        String byDate = "{\"dry_run\": false, \"execution_date\": \"" + runs.logicalDate(run)
                + "\", \"task_id\": \"audit\", \"new_state\": \"failed\"}";
        assertThat(taskIds(as(Role.USER).post(DAG + "/updateTaskInstancesState", byDate).json()))
                .containsExactly("audit");
        assertThat(runs.state(run, "audit")).isEqualTo("failed");
    }

    @Test
    void update_task_instances_state_errors() {
        String run = runs.failedRun();
        String path = DAG + "/updateTaskInstancesState";
        assertProblem(as(Role.USER).post(path, "{\"task_id\": \"transform\", \"new_state\": \"success\"}"), 400,
                "exactly one of 'dag_run_id' and 'execution_date'");
        assertProblem(as(Role.USER).post(path, "{\"dag_run_id\": \"" + run + "\", \"task_id\": \"transform\","
                + " \"new_state\": \"running\"}"), 400, "'new_state'");
        assertProblem(as(Role.USER).post(path, "{\"dag_run_id\": \"" + run + "\", \"new_state\": \"success\"}"),
                400, "'task_id' is required");
        assertProblem(as(Role.USER).post(path, "{\"dag_run_id\": \"" + run + "\", \"task_id\": \"nope\","
                + " \"new_state\": \"success\"}"), 404, "nope");
        assertProblem(as(Role.USER).post(path, "{\"execution_date\": \"1999-01-01T00:00:00Z\", \"task_id\":"
                + " \"transform\", \"new_state\": \"success\"}"), 404, "1999-01-01");
        assertProblem(as(Role.USER).post(path, "{\"dry_run\": false, \"dag_run_id\": \"" + run + "\", \"task_id\":"
                + " \"load\", \"new_state\": \"skipped\"}"), 409, "'upstream_failed' to 'skipped'");
    }

    @Test
    void bodies_take_each_field_only_in_its_own_json_type_and_name_every_unknown_field() {
        String clear = DAG + "/clearTaskInstances";
        assertProblem(as(Role.USER).post(clear, "{\"only_failed\": \"true\"}"), 400,
                "Field 'only_failed' must be true or false");
        assertProblem(as(Role.USER).post(clear, "{\"dry_run\": 1}"), 400, "Field 'dry_run' must be true or false");
        assertProblem(as(Role.USER).post(clear, "{\"dag_run_id\": 5}"), 400, "Field 'dag_run_id' must be a string");
        assertProblem(as(Role.USER).post(clear, "{\"task_ids\": \"transform\"}"), 400,
                "Field 'task_ids' must be a non-empty array of strings");
        assertProblem(as(Role.USER).post(clear, "{\"task_ids\": [\"transform\", 1]}"), 400,
                "Field 'task_ids' must contain only strings");
        assertProblem(as(Role.USER).post(clear, "{\"task_ids\": [\"transform\", null]}"), 400,
                "Field 'task_ids' must contain only strings");
        assertProblem(as(Role.USER).post(clear, "{\"color\": 1, \"b{x}\": 2, \"dry_run\": true}"), 400,
                "Unknown field(s) b{x}, color in ClearTaskInstances; known fields: dag_run_id, dry_run, end_date,");
        assertProblem(as(Role.USER).post(clear, "\"x\""), 400, "Request body must be a JSON object (ClearTaskInstances)");
        assertProblem(as(Role.USER).post(DAG + "/updateTaskInstancesState", ""), 400, "Field 'task_id' is required");
        assertProblem(as(Role.USER).post(DAG + "/updateTaskInstancesState", "{\"task_id\": \"transform\"}"), 400,
                "Field 'new_state' is required");
    }

    @Test
    void delete_dag_run_removes_it_and_answers_204() {
        String run = runs.failedRun();

        ApiClient.Response deleted = as(Role.USER).delete(DAG + "/dagRuns/" + run);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertProblem(as(Role.VIEWER).get(DAG + "/dagRuns/" + run), 404, run);
        assertProblem(as(Role.USER).delete(DAG + "/dagRuns/" + run), 404, run);
        assertProblem(as(Role.USER).delete("/api/v1/dags/no_such_dag/dagRuns/" + run), 404, "no_such_dag");
    }

    @Test
    void a_body_over_the_size_cap_is_refused_with_413() {
        String big = "{\"task_ids\": [\"" + "x".repeat(1_100_000) + "\"]}";

        assertProblem(as(Role.USER).post(DAG + "/clearTaskInstances", big), 413, "the limit is 1048576 bytes");
    }

    static List<String> taskIds(JsonNode collection) {
        List<String> out = new ArrayList<>();
        collection.path("task_instances").forEach(t -> out.add(t.path("task_id").asString()));
        return out;
    }
}
