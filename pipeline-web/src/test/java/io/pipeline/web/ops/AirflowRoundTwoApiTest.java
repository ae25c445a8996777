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

/**
 * Airflow's XCom entries, run and task-instance PATCH and notes, tries, dagStats, DAG details, version, users and
 * roles: shapes, roles and bad input.
 */
class AirflowRoundTwoApiTest extends ApiTestBase {

    static final String DAG = "/api/v1/dags/" + OpsApiEtl.ID;

    @Autowired
    Operations ops;
    @Autowired
    DataSource dataSource;
    JdbcClient jdbc;
    EtlRuns runs;

    @BeforeEach
    void fixtures() {
        jdbc = JdbcClient.create(dataSource);
        runs = new EtlRuns(ops, jdbc);
    }

    private long tiId(String runId, String taskId) {
        return jdbc.sql("""
                SELECT t.id FROM task_instance t JOIN dag_run r ON r.id = t.run_pk
                WHERE r.dag_id = :dag AND r.run_id = :run AND t.task_id = :task
                """).param("dag", OpsApiEtl.ID).param("run", runId).param("task", taskId).query(Long.class).single();
    }

    @Test
    void xcom_entries_are_listed_without_values_and_read_raw_or_deserialized() {
        String runId = runs.failedRun();
        jdbc.sql("""
                INSERT INTO xcom (run_pk, task_id, map_index, key, value, created_at)
                SELECT r.id, 'extract', -1, k, CAST(v AS jsonb), now() FROM dag_run r,
                       (VALUES ('return_value', '{"rows": 3}'), ('row_count', '3')) AS x(k, v)
                WHERE r.dag_id = :dag AND r.run_id = :run
                """).param("dag", OpsApiEtl.ID).param("run", runId).update();
        String base = DAG + "/dagRuns/" + runId + "/taskInstances/extract/xcomEntries";

        JsonNode list = as(Role.VIEWER).get(base).json();
        assertThat(list.path("total_entries").asInt()).isEqualTo(2);
        assertThat(list.path("xcom_entries").findValuesAsString("key")).containsExactly("return_value",
                "row_count");
        assertThat(list.path("xcom_entries").get(0).propertyNames()).containsExactlyInAnyOrder("key", "timestamp",
                "execution_date", "map_index", "task_id", "dag_id");

        JsonNode raw = as(Role.VIEWER).get(base + "/return_value").json();
        assertThat(raw.path("value").isString()).as(raw.toString()).isTrue();
        assertThat(raw.path("value").asString()).isEqualTo("{\"rows\": 3}");
        JsonNode value = as(Role.VIEWER).get(base + "/return_value?deserialize=true").json();
        assertThat(value.path("value").path("rows").asInt()).as(value.toString()).isEqualTo(3);
        assertThat(value.path("execution_date").asString()).startsWith("20");
        assertProblem(as(Role.VIEWER).get(base + "/missing"), 404, "missing");
        assertProblem(as(Role.VIEWER).get(DAG + "/dagRuns/no_run/taskInstances/extract/xcomEntries"), 404, "no_run");
        assertThat(anonymous().get(base).status()).isEqualTo(401);
    }

    @Test
    void patching_a_task_instance_is_a_dry_run_by_default_and_then_marks_it_through_the_operations() {
        String runId = runs.failedRun();
        String path = DAG + "/dagRuns/" + runId + "/taskInstances/transform";

        ApiClient.Response dry = as(Role.USER).patch(path, "{\"new_state\": \"success\"}");
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.json().path("task_id").asString()).isEqualTo("transform");
        assertThat(dry.json().path("dag_run_id").asString()).isEqualTo(runId);
        assertThat(runs.state(runId, "transform")).isEqualTo("failed");

        ApiClient.Response done = as(Role.USER).patch(path, "{\"new_state\": \"success\", \"dry_run\": false}");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(runs.state(runId, "transform")).isEqualTo("success");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE event = 'mark_success' AND run_id = :run")
                .param("run", runId).query(Integer.class).single()).isEqualTo(1);

        assertProblem(as(Role.USER).patch(path, "{\"new_state\": \"running\"}"), 400, "'new_state'", "running");
        assertProblem(as(Role.USER).patch(path, "{}"), 400, "'new_state'");
        assertProblem(as(Role.USER).patch(path, "{\"new_state\": \"success\", \"colour\": 1}"), 400, "colour");
        assertProblem(as(Role.USER).patch(DAG + "/dagRuns/" + runId + "/taskInstances/nope",
                "{\"new_state\": \"success\"}"), 404, "nope");
        assertThat(as(Role.VIEWER).patch(path, "{\"new_state\": \"failed\", \"dry_run\": false}").status())
                .isEqualTo(403);
        assertThat(runs.state(runId, "transform")).isEqualTo("success");
    }

    @Test
    void notes_are_set_on_runs_and_task_instances_and_audited() {
        String runId = runs.failedRun();
        ApiClient.Response run = as(Role.USER).patch(DAG + "/dagRuns/" + runId + "/setNote",
                "{\"note\": \"vendor late\"}");
        assertThat(run.json().path("note").asString()).as(run.toString()).isEqualTo("vendor late");
        ApiClient.Response ti = as(Role.USER).patch(DAG + "/dagRuns/" + runId + "/taskInstances/load/setNote",
                "{\"note\": \"rerun after fix\"}");
        assertThat(ti.json().path("note").asString()).as(ti.toString()).isEqualTo("rerun after fix");
        assertThat(ti.json().path("task_id").asString()).isEqualTo("load");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE event = 'set_note' AND run_id = :run")
                .param("run", runId).query(Integer.class).single()).isEqualTo(2);

        assertProblem(as(Role.USER).patch(DAG + "/dagRuns/" + runId + "/setNote",
                "{\"note\": \"" + "n".repeat(1001) + "\"}"), 400, "1000");
        assertProblem(as(Role.USER).patch(DAG + "/dagRuns/no_run/setNote", "{\"note\": \"x\"}"), 404, "no_run");
        assertProblem(as(Role.USER).patch(DAG + "/dagRuns/bad%20id/setNote", "{\"note\": \"x\"}"), 400, "dag_run_id");
    }

    @Test
    void patching_a_run_to_queued_moves_only_the_run_and_to_success_marks_the_run_and_its_instances_at_once() {
        String runId = runs.failedRun();
        ApiClient.Response queued = as(Role.USER).patch(DAG + "/dagRuns/" + runId, "{\"state\": \"queued\"}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(200);
        assertThat(queued.json().path("state").asString()).isEqualTo("queued");
        assertThat(queued.json().path("end_date").isNull()).as(queued.toString()).isTrue();
        assertThat(runs.state(runId, "transform")).as("queued leaves the instances as they are, as Airflow")
                .isEqualTo("failed");
        assertThat(runs.state(runId, "load")).isEqualTo("upstream_failed");
        assertThat(runs.state(runId, "extract")).isEqualTo("success");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE event = 'mark_run_queued' AND run_id = :run")
                .param("run", runId).query(Integer.class).single()).isEqualTo(1);

        ApiClient.Response success = as(Role.USER).patch(DAG + "/dagRuns/" + runId, "{\"state\": \"success\"}");
        assertThat(success.status()).as(success.toString()).isEqualTo(200);
        assertThat(success.json().path("state").asString()).as("the run is success in the PATCH response itself")
                .isEqualTo("success");
        assertThat(success.json().path("end_date").isNull()).as(success.toString()).isFalse();
        List<String> states = new ArrayList<>();
        for (String task : List.of("extract", "transform", "load", "report", "audit")) {
            states.add(runs.state(runId, task));
        }
        assertThat(states).containsOnly("success");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE event = 'mark_run_success' AND run_id = :run")
                .param("run", runId).query(Integer.class).single()).isEqualTo(1);
        ApiClient.Response failed = as(Role.USER).patch(DAG + "/dagRuns/" + runId, "{\"state\": \"failed\"}");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(failed.json().path("state").asString()).as("a run with nothing unfinished is failed too, as Airflow")
                .isEqualTo("failed");
        assertThat(runs.runState(runId)).isEqualTo("failed");
        assertThat(runs.state(runId, "transform")).isEqualTo("success");
        assertProblem(as(Role.USER).patch(DAG + "/dagRuns/" + runId, "{\"state\": \"running\"}"), 400,
                "'state'", "running");
        assertProblem(as(Role.USER).patch(DAG + "/dagRuns/no_run", "{\"state\": \"success\"}"), 404, "no_run");
        assertThat(as(Role.VIEWER).patch(DAG + "/dagRuns/" + runId, "{\"state\": \"queued\"}").status())
                .isEqualTo(403);
    }

    @Test
    void patching_a_run_to_failed_fails_the_running_instances_and_skips_those_not_started() {
        String runId = runs.failedRun();
        jdbc.sql("UPDATE dag_run SET state = 'running', end_date = NULL WHERE run_id = :run").param("run", runId)
                .update();
        jdbc.sql("UPDATE task_instance SET state = 'running', start_date = now() WHERE id = :id")
                .param("id", tiId(runId, "transform")).update();
        // Not queued: the application's own worker would run it. Waiting for a retry next week, it stays put.
        jdbc.sql("UPDATE task_instance SET state = 'up_for_retry', next_attempt_at = now() + interval '7 days'"
                + " WHERE id = :id").param("id", tiId(runId, "load")).update();
        jdbc.sql("UPDATE task_instance SET state = 'none' WHERE id = :id").param("id", tiId(runId, "report"))
                .update();

        ApiClient.Response failed = as(Role.USER).patch(DAG + "/dagRuns/" + runId, "{\"state\": \"failed\"}");

        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(failed.json().path("state").asString()).isEqualTo("failed");
        assertThat(failed.json().path("end_date").isNull()).isFalse();
        assertThat(runs.runState(runId)).isEqualTo("failed");
        assertThat(runs.state(runId, "transform")).isEqualTo("failed");
        assertThat(runs.state(runId, "load")).isEqualTo("skipped");
        assertThat(runs.state(runId, "report")).isEqualTo("skipped");
        assertThat(runs.state(runId, "extract")).isEqualTo("success");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE event = 'mark_run_failed' AND run_id = :run")
                .param("run", runId).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void patching_a_running_run_to_success_ends_the_running_try_and_marks_the_run_at_once() {
        String runId = runs.failedRun();
        jdbc.sql("UPDATE dag_run SET state = 'running', end_date = NULL WHERE run_id = :run").param("run", runId)
                .update();
        jdbc.sql("UPDATE task_instance SET state = 'running', start_date = now() WHERE id = :id")
                .param("id", tiId(runId, "transform")).update();
        jdbc.sql("UPDATE task_instance SET state = 'up_for_retry', next_attempt_at = now() + interval '7 days'"
                + " WHERE id = :id").param("id", tiId(runId, "load")).update();
        jdbc.sql("UPDATE task_instance SET state = 'none' WHERE id = :id").param("id", tiId(runId, "report"))
                .update();

        ApiClient.Response success = as(Role.USER).patch(DAG + "/dagRuns/" + runId, "{\"state\": \"success\"}");

        assertThat(success.status()).as(success.toString()).isEqualTo(200);
        assertThat(success.json().path("state").asString()).isEqualTo("success");
        assertThat(success.json().path("end_date").isNull()).isFalse();
        assertThat(runs.runState(runId)).isEqualTo("success");
        for (String task : List.of("extract", "transform", "load", "report", "audit")) {
            assertThat(runs.state(runId, task)).as(task).isEqualTo("success");
        }
    }

    @Test
    void a_mapped_task_instance_is_read_and_patched_by_its_map_index_only() {
        String runId = runs.failedRun();
        long first = tiId(runId, "transform");
        jdbc.sql("UPDATE task_instance SET map_index = 0 WHERE id = :id").param("id", first).update();
        jdbc.sql("""
                INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries,
                                           updated_at)
                SELECT run_pk, dag_id, task_id, 1, 'failed', 1, max_tries, now() FROM task_instance WHERE id = :id
                """).param("id", first).update();
        String base = DAG + "/dagRuns/" + runId + "/taskInstances/transform/";

        JsonNode one = as(Role.VIEWER).get(base + "1").json();
        assertThat(one.path("map_index").asInt()).as(one.toString()).isEqualTo(1);
        assertThat(one.path("state").asString()).isEqualTo("failed");

        ApiClient.Response dry = as(Role.USER).patch(base + "1", "{\"new_state\": \"success\"}");
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.json().path("task_id").asString()).isEqualTo("transform");
        assertThat(as(Role.VIEWER).get(base + "1").json().path("state").asString()).isEqualTo("failed");

        ApiClient.Response done = as(Role.USER).patch(base + "1",
                "{\"new_state\": \"success\", \"dry_run\": false, \"note\": \"reloaded by hand\"}");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        JsonNode after = as(Role.VIEWER).get(base + "1").json();
        assertThat(after.path("state").asString()).isEqualTo("success");
        assertThat(after.path("note").asString()).isEqualTo("reloaded by hand");
        assertThat(as(Role.VIEWER).get(base + "0").json().path("state").asString())
                .as("the other map index is left alone").isEqualTo("failed");
        assertThat(jdbc.sql("""
                SELECT CAST(extra AS jsonb)->>'map_indexes' FROM audit_log WHERE event = 'mark_success' AND run_id = :run
                """).param("run", runId).query(String.class).single()).isEqualTo("[1]");

        assertProblem(as(Role.USER).patch(base + "7", "{\"new_state\": \"success\"}"), 404, "transform[7]");
        assertProblem(as(Role.USER).patch(base + "0", "{\"new_state\": \"queued\"}"), 400, "'new_state'");
        assertThat(as(Role.VIEWER).patch(base + "0", "{\"new_state\": \"success\", \"dry_run\": false}")
                .status()).isEqualTo(403);
        assertThat(as(Role.VIEWER).get(base + "0").json().path("state").asString()).isEqualTo("failed");
    }

    @Test
    void tries_lists_each_try_oldest_first_with_the_current_one_last() {
        String runId = runs.failedRun();
        long ti = tiId(runId, "transform");
        for (int t = 1; t <= 2; t++) {
            jdbc.sql("""
                    INSERT INTO task_try (ti_id, try_number, state, start_date, end_date, node_id)
                    VALUES (:ti, :try, 'failed', now(), now(), 'node-a')
                    """).param("ti", ti).param("try", t).update();
        }
        JsonNode tries = as(Role.VIEWER).get(DAG + "/dagRuns/" + runId + "/taskInstances/transform/tries").json();
        assertThat(tries.path("total_entries").asInt()).as(tries.toString()).isEqualTo(3);
        assertThat(tries.path("task_instances").findValuesAsString("state"))
                .containsExactly("failed", "failed", "failed");
        List<Integer> numbers = new ArrayList<>();
        tries.path("task_instances").forEach(t -> numbers.add(t.path("try_number").asInt()));
        assertThat(numbers).containsExactly(1, 2, 3);
        assertProblem(as(Role.VIEWER).get(DAG + "/dagRuns/" + runId + "/taskInstances/nope/tries"), 404, "nope");
    }

    @Test
    void dag_stats_count_runs_per_state_and_need_dag_ids() {
        String runId = runs.failedRun();
        JsonNode stats = as(Role.VIEWER).get("/api/v1/dagStats?dag_ids=" + OpsApiEtl.ID + ",no_such_dag").json();
        assertThat(stats.path("total_entries").asInt()).as(stats.toString()).isEqualTo(1);
        JsonNode dag = stats.path("dags").get(0);
        assertThat(dag.path("dag_id").asString()).isEqualTo(OpsApiEtl.ID);
        assertThat(dag.path("stats").findValuesAsString("state"))
                .containsExactlyInAnyOrder("queued", "running", "success", "failed");
        long failed = jdbc.sql("SELECT count(*) FROM dag_run WHERE dag_id = :dag AND state = 'failed'")
                .param("dag", OpsApiEtl.ID).query(Long.class).single();
        for (JsonNode s : dag.path("stats")) {
            if (s.path("state").asString().equals("failed")) {
                assertThat(s.path("count").asLong()).isEqualTo(failed).isPositive();
            }
        }
        assertThat(runId).isNotBlank();
        assertProblem(as(Role.VIEWER).get("/api/v1/dagStats"), 400, "dag_ids");
    }

    @Test
    void dag_details_and_tasks_leave_out_what_the_schema_does_not_let_be_null() {
        JsonNode details = as(Role.VIEWER).get(DAG + "/details").json();
        assertThat(details.path("dag_id").asString()).as(details.toString()).isEqualTo(OpsApiEtl.ID);
        assertThat(details.has("catchup")).isTrue();
        assertThat(details.has("params")).isTrue();
        assertThat(details.has("fileloc")).isTrue();
        assertThat(details.has("timezone")).isFalse();
        assertThat(details.has("dag")).as("the DAG's fields are unwrapped").isFalse();
        assertProblem(as(Role.VIEWER).get("/api/v1/dags/no_such_dag/details"), 404, "no_such_dag");

        JsonNode tasks = as(Role.VIEWER).get(DAG + "/tasks").json().path("tasks");
        assertThat(tasks.size()).isPositive();
        tasks.forEach(t -> assertThat(t.has("sub_dag")).as(t.toString()).isFalse());
        assertThat(as(Role.VIEWER).get(DAG + "/tasks/extract").json().has("sub_dag")).isFalse();
    }

    @Test
    void version_is_open_to_anyone() {
        ApiClient.Response r = anonymous().get("/api/v1/version");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("version").asString()).isNotBlank();
        assertThat(r.json().has("git_version")).isTrue();
    }

    @Test
    void users_and_roles_are_for_admins_and_never_show_a_password() {
        ApiClient.Response users = as(Role.ADMIN).get("/api/v1/users?order_by=-username&limit=50000");
        assertThat(users.status()).as(users.toString()).isEqualTo(200);
        List<String> names = users.json().path("users").findValuesAsString("username");
        assertThat(names).contains("admin", "op", "user", "viewer");
        assertThat(names).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(users.body()).doesNotContain("password").doesNotContain("$2a$");

        JsonNode viewer = as(Role.ADMIN).get("/api/v1/users/viewer").json();
        assertThat(viewer.path("roles").get(0).path("name").asString()).isEqualTo("Viewer");
        assertProblem(as(Role.ADMIN).get("/api/v1/users/nobody_here"), 404, "nobody_here");

        JsonNode roles = as(Role.ADMIN).get("/api/v1/roles").json();
        List<String> roleNames = new ArrayList<>();
        roles.path("roles").forEach(r -> roleNames.add(r.path("name").asString()));
        assertThat(roleNames).containsExactly("Admin", "Op", "User", "Viewer");
        assertThat(roles.path("roles").get(0).path("actions").toString()).contains("can_read", "Users");
        assertThat(roles.path("total_entries").asInt()).isEqualTo(4);
        assertThat(as(Role.OP).get("/api/v1/users").status()).isEqualTo(403);
        assertThat(as(Role.OP).get("/api/v1/roles").status()).isEqualTo(403);
    }
}
