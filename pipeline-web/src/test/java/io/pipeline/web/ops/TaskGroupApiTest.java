package io.pipeline.web.ops;

import io.pipeline.dags.examples.ExampleTaskGroups;
import io.pipeline.ops.Actor;
import io.pipeline.ops.Operations;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's clear and mark take a task group's id for the group's tasks; the tasks list shows prefixed ids. */
class TaskGroupApiTest extends ApiTestBase {

    static final String DAG = "/api/v1/dags/" + ExampleTaskGroups.DAG_ID;

    @Autowired
    Operations ops;

    private String run(String id) {
        ops.trigger(ExampleTaskGroups.DAG_ID, id, Instant.parse("2026-03-02T23:30:00Z").plusSeconds(id.length()),
                null, null, Actor.api("test"));
        return id;
    }

    @Test
    void clear_task_instances_takes_a_group_id_for_every_task_of_the_group() {
        String run = run("groups_clear");

        ApiClient.Response dry = as(Role.USER).post(DAG + "/clearTaskInstances", "{\"dag_run_id\": \"" + run
                + "\", \"task_ids\": [\"load\"], \"only_failed\": false}");

        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(taskIds(dry.json())).containsExactlyInAnyOrder("load.bars", "load.checks.row_count",
                "load.checks.no_gaps");
    }

    @Test
    void update_task_instances_state_takes_a_nested_group_id() {
        String run = run("groups_mark");

        ApiClient.Response dry = as(Role.USER).post(DAG + "/updateTaskInstancesState", "{\"dag_run_id\": \"" + run
                + "\", \"task_id\": \"load.checks\", \"new_state\": \"failed\", \"include_downstream\": true}");

        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(taskIds(dry.json())).containsExactlyInAnyOrder("load.checks.row_count", "load.checks.no_gaps",
                "report");
    }

    @Test
    void an_unknown_task_or_group_id_is_a_404_naming_it() {
        String run = run("groups_unknown");

        ApiClient.Response r = as(Role.USER).post(DAG + "/clearTaskInstances", "{\"dag_run_id\": \"" + run
                + "\", \"task_ids\": [\"lod\"]}");

        assertThat(r.status()).as(r.toString()).isIn(400, 404);
        assertThat(r.body()).contains("lod");
    }

    @Test
    void the_tasks_of_the_dag_carry_their_group_prefix() {
        ApiClient.Response r = as(Role.VIEWER).get(DAG + "/tasks");

        assertThat(r.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().path("tasks").forEach(t -> ids.add(t.path("task_id").asString()));
        assertThat(ids).contains("start", "extract.prices", "extract.fx_rates", "load.bars", "load.checks.row_count",
                "load.checks.no_gaps", "report");
    }

    static List<String> taskIds(JsonNode collection) {
        List<String> out = new ArrayList<>();
        collection.path("task_instances").forEach(t -> out.add(t.path("task_id").asString()));
        return out;
    }
}
