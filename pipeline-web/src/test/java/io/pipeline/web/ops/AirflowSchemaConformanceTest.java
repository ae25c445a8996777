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
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of issue 19 called over HTTP as a client generated from Airflow's published v1 document would call
 * it, each response validated against that document's schema for the operation and status (the subset in
 * {@code src/test/resources/airflow/airflow-v1-subset.json}) and against our own {@code /api/v1/openapi.json}.
 * The deliberate differences are the {@code MAY_OMIT} and {@code MAY_ADD} lists below, each explained in
 * docs/decisions/airflow-schema-conformance.md.
 */
class AirflowSchemaConformanceTest extends ApiTestBase {

    /** Fields the schemas declare that we leave out, since the schema does not allow them to be null. */
    static final Set<String> MAY_OMIT = Set.of(
            "DAGDetail.timezone",           // zones are per schedule (timetable), not per DAG
            "Task.sub_dag",                 // no SubDAGs; the schema's DAG is not nullable
            "UserCollectionItem.email",     // left out when the user has none (minLength 1)
            "Connection.password");         // write-only: never returned
    /** Our additions to Airflow's shapes, all in our own document. */
    static final Set<String> MAY_ADD = Set.of(
            "DAGRun.session_date", "DAGRun.partition_key", "Task.upstream_task_ids", "TaskCollection.total_entries");

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    Operations ops;
    @Autowired
    DataSource dataSource;
    JdbcClient jdbc;
    EtlRuns runs;
    ResponseSchemas airflow;
    ResponseSchemas ours;
    final List<String> problems = new ArrayList<>();
    final List<String> checked = new ArrayList<>();

    @BeforeEach
    void schemas() {
        jdbc = JdbcClient.create(dataSource);
        runs = new EtlRuns(ops, jdbc);
        airflow = ResponseSchemas.of("Airflow v1", "https://airflow.test/v1-subset.json",
                resource("/airflow/airflow-v1-subset.json"), true, MAY_OMIT, MAY_ADD);
        ours = ResponseSchemas.of("openapi.json", "https://pipeline.test/openapi.json",
                anonymous().get("/api/v1/openapi.json").body(), false, MAY_OMIT, Set.of());
    }

    @Test
    void pools_variables_and_connections_answer_in_airflows_shapes() {
        ApiClient op = as(Role.OP);
        String pool = "conformance_pool_" + SEQ.incrementAndGet();
        call("post", "/pools", op.post("/api/v1/pools", "{\"name\": \"" + pool + "\", \"slots\": 4}"), 200);
        call("get", "/pools", op.get("/api/v1/pools?limit=500"), 200);
        call("get", "/pools/{pool_name}", op.get("/api/v1/pools/default_pool"), 200);
        call("patch", "/pools/{pool_name}", op.patch("/api/v1/pools/" + pool + "?update_mask=description",
                "{\"description\": \"vendor files\"}"), 200);
        call("get", "/pools/{pool_name}", op.get("/api/v1/pools/no_such_pool"), 404);
        call("post", "/pools", op.post("/api/v1/pools", "{\"name\": \"" + pool + "\", \"slots\": 1}"), 409);
        call("delete", "/pools/{pool_name}", op.delete("/api/v1/pools/default_pool"), 400);
        call("delete", "/pools/{pool_name}", op.delete("/api/v1/pools/" + pool), 204);

        String key = "conformance_var_" + SEQ.incrementAndGet();
        call("post", "/variables", op.post("/api/v1/variables", "{\"key\": \"" + key + "\", \"value\": \"v1\"}"), 200);
        call("post", "/variables", op.post("/api/v1/variables",
                "{\"key\": \"" + key + "_api_token\", \"value\": \"s3cret\", \"description\": \"vendor\"}"), 200);
        call("get", "/variables", op.get("/api/v1/variables"), 200);
        call("get", "/variables/{variable_key}", op.get("/api/v1/variables/" + key + "_api_token"), 200);
        call("patch", "/variables/{variable_key}", op.patch("/api/v1/variables/" + key,
                "{\"key\": \"" + key + "\", \"value\": \"v2\"}"), 200);
        call("get", "/variables/{variable_key}", op.get("/api/v1/variables/bad%20key"), 400);
        call("delete", "/variables/{variable_key}", op.delete("/api/v1/variables/" + key), 204);

        String conn = "conformance_conn_" + SEQ.incrementAndGet();
        call("post", "/connections", op.post("/api/v1/connections", "{\"connection_id\": \"" + conn + "\","
                + " \"conn_type\": \"postgres\", \"host\": \"127.0.0.1\", \"port\": 1, \"login\": \"etl\","
                + " \"password\": \"pw\", \"extra\": \"{\\\"api_key\\\": \\\"k\\\"}\"}"), 200);
        call("post", "/connections", op.post("/api/v1/connections",
                "{\"connection_id\": \"" + conn + "_bare\", \"conn_type\": \"http\"}"), 200);
        call("post", "/connections", op.post("/api/v1/connections",
                "{\"connection_id\": \"" + conn + "_bare\", \"conn_type\": \"http\"}"), 409);
        call("get", "/connections", op.get("/api/v1/connections"), 200);
        call("get", "/connections/{connection_id}", op.get("/api/v1/connections/" + conn), 200);
        call("get", "/connections/{connection_id}", op.get("/api/v1/connections/" + conn + "_bare"), 200);
        call("patch", "/connections/{connection_id}", op.patch("/api/v1/connections/" + conn
                + "?update_mask=description", "{\"description\": \"warehouse\"}"), 200);
        call("post", "/connections/test", op.post("/api/v1/connections/test",
                "{\"connection_id\": \"probe\", \"conn_type\": \"postgres\", \"host\": \"127.0.0.1\", \"port\": 1}"),
                200);
        call("delete", "/connections/{connection_id}", op.delete("/api/v1/connections/" + conn), 204);

        call("get", "/pools", anonymous().get("/api/v1/pools"), 401);
        call("get", "/variables", as(Role.VIEWER).get("/api/v1/variables"), 403);
        assertConforms();
    }

    @Test
    void runs_task_instances_and_xcom_answer_in_airflows_shapes() {
        String runId = runs.failedRun();
        String run = "/api/v1/dags/" + OpsApiEtl.ID + "/dagRuns/" + runId;
        jdbc.sql("""
                INSERT INTO xcom (run_pk, task_id, map_index, key, value, created_at)
                SELECT r.id, 'extract', -1, k, CAST(v AS jsonb), now() FROM dag_run r,
                       (VALUES ('return_value', '{"rows": 3}'), ('row_count', '3'), ('nothing', 'null'),
                               ('names', '["a", "b"]')) AS x(k, v)
                WHERE r.dag_id = :dag AND r.run_id = :run
                """).param("dag", OpsApiEtl.ID).param("run", runId).update();
        ApiClient viewer = as(Role.VIEWER);
        ApiClient user = as(Role.USER);
        String xcoms = "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries";
        call("get", xcoms, viewer.get(run + "/taskInstances/extract/xcomEntries"), 200);
        for (String key : List.of("return_value", "row_count", "nothing", "names")) {
            call("get", xcoms + "/{xcom_key}", viewer.get(run + "/taskInstances/extract/xcomEntries/" + key), 200);
            call("get", xcoms + "/{xcom_key}",
                    viewer.get(run + "/taskInstances/extract/xcomEntries/" + key + "?deserialize=true"), 200);
        }
        call("get", xcoms + "/{xcom_key}", viewer.get(run + "/taskInstances/extract/xcomEntries/missing"), 404);

        String ti = "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}";
        call("patch", ti, user.patch(run + "/taskInstances/transform", "{\"new_state\": \"success\"}"), 200);
        call("patch", ti, user.patch(run + "/taskInstances/transform", "{\"new_state\": \"running\"}"), 400);
        call("patch", ti + "/setNote", user.patch(run + "/taskInstances/load/setNote", "{\"note\": \"rerun\"}"), 200);
        for (String task : List.of("extract", "transform", "load", "report", "audit")) {
            call("get", ti + "/tries", viewer.get(run + "/taskInstances/" + task + "/tries"), 200);
        }
        call("get", ti + "/tries", viewer.get(run + "/taskInstances/nope/tries"), 404);

        String dagRun = "/dags/{dag_id}/dagRuns/{dag_run_id}";
        call("patch", dagRun + "/setNote", user.patch(run + "/setNote", "{\"note\": \"vendor late\"}"), 200);
        call("patch", dagRun, user.patch(run, "{\"state\": \"queued\"}"), 200);
        call("patch", dagRun, user.patch(run, "{\"state\": \"success\"}"), 200);
        call("patch", dagRun, user.patch(run, "{\"state\": \"failed\"}"), 200);
        call("patch", dagRun, user.patch(run, "{\"state\": \"running\"}"), 400);
        call("patch", dagRun, viewer.patch(run, "{\"state\": \"failed\"}"), 403);
        call("patch", dagRun, user.patch("/api/v1/dags/" + OpsApiEtl.ID + "/dagRuns/no_run",
                "{\"state\": \"failed\"}"), 404);
        assertConforms();
    }

    @Test
    void dags_tasks_stats_version_users_and_roles_answer_in_airflows_shapes() {
        runs.failedRun();
        ApiClient viewer = as(Role.VIEWER);
        JsonNode dags = viewer.get("/api/v1/dags?limit=1000").json().path("dags");
        List<String> dagIds = dags.findValuesAsString("dag_id");
        assertThat(dagIds).contains(OpsApiEtl.ID);
        for (JsonNode dag : dags) {
            String dagId = dag.path("dag_id").asString();
            if (dag.path("has_import_errors").asBoolean()) { // not loaded, so no definition to describe: 404
                call("get", "/dags/{dag_id}/details", viewer.get("/api/v1/dags/" + dagId + "/details"), 404);
                continue;
            }
            call("get", "/dags/{dag_id}/details", viewer.get("/api/v1/dags/" + dagId + "/details"), 200);
            ApiClient.Response tasks = viewer.get("/api/v1/dags/" + dagId + "/tasks");
            call("get", "/dags/{dag_id}/tasks", tasks, 200);
            for (String taskId : tasks.json().path("tasks").findValuesAsString("task_id")) {
                call("get", "/dags/{dag_id}/tasks/{task_id}",
                        viewer.get("/api/v1/dags/" + dagId + "/tasks/" + taskId), 200);
            }
        }
        call("get", "/dags/{dag_id}/details", viewer.get("/api/v1/dags/no_such_dag/details"), 404);
        call("get", "/dags/{dag_id}/tasks/{task_id}", viewer.get("/api/v1/dags/" + OpsApiEtl.ID + "/tasks/nope"), 404);
        call("get", "/dagStats", viewer.get("/api/v1/dagStats?dag_ids=" + String.join(",", dagIds)), 200);
        call("get", "/version", anonymous().get("/api/v1/version"), 200);

        ApiClient admin = as(Role.ADMIN);
        call("get", "/users", admin.get("/api/v1/users?limit=1000"), 200);
        for (String name : List.of("admin", "op", "user", "viewer")) {
            call("get", "/users/{username}", admin.get("/api/v1/users/" + name), 200);
        }
        call("get", "/users/{username}", admin.get("/api/v1/users/nobody_here"), 404);
        call("get", "/roles", admin.get("/api/v1/roles"), 200);
        call("get", "/roles", as(Role.OP).get("/api/v1/roles"), 403);
        assertConforms();
    }

    /** The check has teeth: a real pool body with one field of the wrong shape is reported, field by field. */
    @Test
    void a_response_that_leaves_airflows_shape_is_reported() {
        JsonNode pool = as(Role.OP).get("/api/v1/pools/default_pool").json();
        assertThat(airflow.check("Pool", pool.toString())).isEmpty();

        assertThat(airflow.check("Pool", ((ObjectNode) pool.deepCopy()).putNull("open_slots").toString()))
                .anySatisfy(p -> assertThat(p).contains("open_slots"));
        assertThat(airflow.check("Pool", ((ObjectNode) pool.deepCopy()).put("slots", "4").toString()))
                .anySatisfy(p -> assertThat(p).contains("slots"));
        ObjectNode renamed = (ObjectNode) pool.deepCopy();
        renamed.set("free_slots", renamed.remove("open_slots"));
        assertThat(airflow.check("Pool", renamed.toString()))
                .anySatisfy(p -> assertThat(p).contains("open_slots is missing"))
                .anySatisfy(p -> assertThat(p).contains("free_slots is not in the schema"));
        assertThat(airflow.check("PoolCollection", "[" + pool + "]")).isNotEmpty();
        assertThat(airflow.check("TaskInstance", "{\"state\": \"waiting\"}"))
                .anySatisfy(p -> assertThat(p).contains("state"));
        assertThat(airflow.check("Error", "{\"detail\": \"no type\"}")).isNotEmpty();
    }

    private void call(String method, String path, ApiClient.Response response, int status) {
        checked.add(method + " " + path + " " + status);
        if (response.status() != status) {
            problems.add(method + " " + path + ": expected " + status + ", got " + response);
            return;
        }
        if (status >= 400) {
            assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        }
        assertThat(response.body()).as("no password leaves").doesNotContain("\"password\"");
        for (ResponseSchemas doc : List.of(airflow, ours)) {
            for (String p : doc.problems(method, path, status, response.body())) {
                problems.add(method + " " + path + " " + status + " -> " + p);
            }
        }
    }

    private void assertConforms() {
        assertThat(checked).isNotEmpty();
        assertThat(problems).as("responses that a client generated from the published documents would reject")
                .isEmpty();
    }

    private static String resource(String name) {
        try (InputStream in = AirflowSchemaConformanceTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
