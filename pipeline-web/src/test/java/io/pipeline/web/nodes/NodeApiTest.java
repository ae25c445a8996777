package io.pipeline.web.nodes;

import io.pipeline.engine.EngineConfig;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.NodeFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /nodes} and {@code GET /nodes/{node_id}} against the running application and its database. */
class NodeApiTest extends ApiTestBase {

    @Autowired
    DataSource dataSource;
    @Autowired
    EngineConfig engineConfig;
    NodeFixture fixture;
    Instant now;

    @BeforeEach
    void nodes() {
        fixture = new NodeFixture(JdbcClient.create(dataSource));
        now = Instant.now();
        fixture.insert(now);
    }

    @AfterEach
    void remove() {
        fixture.remove();
    }

    @Test
    void the_collection_lists_every_node_with_its_state_heartbeat_and_running_task_instances() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/nodes");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        long inDatabase = JdbcClient.create(dataSource).sql("SELECT count(*) FROM node").query(Long.class).single();
        assertThat(body.path("total_entries").asLong()).isEqualTo(inDatabase).isGreaterThanOrEqualTo(4);
        assertThat(body.path("nodes").findValuesAsString("node_id"))
                .contains(NodeFixture.ALIVE, NodeFixture.LOST, NodeFixture.STOPPED, engineConfig.nodeId())
                .isSorted();

        JsonNode alive = node(body, NodeFixture.ALIVE);
        assertThat(alive.path("hostname").asString()).isEqualTo("host-alive.example");
        assertThat(strings(alive.path("roles"))).containsExactly("scheduler", "worker");
        assertThat(strings(alive.path("queues"))).containsExactly("default", "big");
        assertThat(alive.path("worker_concurrency").asInt()).isEqualTo(8);
        assertThat(Instant.parse(alive.path("started_at").asString())).isCloseTo(now.minusSeconds(300),
                within());
        assertThat(Instant.parse(alive.path("last_heartbeat").asString())).isCloseTo(now, within());
        assertThat(alive.path("state").asString()).isEqualTo("alive");
        assertThat(alive.path("running_task_instance_count").asInt()).isEqualTo(2);
        JsonNode first = alive.path("running_task_instances").get(0);
        assertThat(first.path("dag_id").asString()).isEqualTo(NodeFixture.DAG);
        assertThat(first.path("dag_run_id").asString()).isEqualTo(NodeFixture.RUN);
        assertThat(first.path("task_id").asString()).isEqualTo("load");
        assertThat(first.path("map_index").asInt()).isEqualTo(-1);
        assertThat(first.path("try_number").asInt()).isEqualTo(2);
        assertThat(alive.path("running_task_instances").get(1).path("map_index").asInt()).isEqualTo(3);

        JsonNode lost = node(body, NodeFixture.LOST);
        assertThat(lost.path("state").asString()).isEqualTo("lost");
        assertThat(lost.path("seconds_since_heartbeat").asLong()).isBetween(600L, 660L);
        assertThat(lost.path("running_task_instance_count").asInt()).isZero();
        assertThat(lost.path("running_task_instances").isArray()).isTrue();
        assertThat(node(body, NodeFixture.STOPPED).path("state").asString()).isEqualTo("stopped");
        JsonNode self = node(body, engineConfig.nodeId());
        assertThat(self.path("state").asString()).isEqualTo("alive");
        assertThat(strings(self.path("roles"))).containsExactly("scheduler", "worker", "triggerer", "web");
    }

    @Test
    void one_node_by_id_and_a_problem_for_an_unknown_one() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/nodes/" + NodeFixture.LOST);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("node_id").asString()).isEqualTo(NodeFixture.LOST);
        assertThat(r.json().path("state").asString()).isEqualTo("lost");
        assertThat(strings(r.json().path("queues"))).containsExactly("big");

        assertProblem(as(Role.VIEWER).get("/api/v1/nodes/no-such-node"), 404, "Node 'no-such-node' not found");
    }

    @Test
    void pages_and_orders_like_the_other_collections() {
        JsonNode page = as(Role.VIEWER).get("/api/v1/nodes?order_by=-last_heartbeat&limit=1&offset=0").json();
        assertThat(page.path("nodes")).hasSize(1);
        assertThat(page.path("total_entries").asInt()).isGreaterThanOrEqualTo(4);
        JsonNode oldest = as(Role.VIEWER).get("/api/v1/nodes?order_by=last_heartbeat&limit=1").json();
        assertThat(oldest.path("nodes").get(0).path("node_id").asString()).isEqualTo(NodeFixture.LOST);

        assertProblem(as(Role.VIEWER).get("/api/v1/nodes?order_by=cpu"), 400, "order_by", "cpu");
        assertProblem(as(Role.VIEWER).get("/api/v1/nodes?limit=0"), 400, "limit");
    }

    @Test
    void credentials_are_required() {
        assertProblem(anonymous().get("/api/v1/nodes"), 401, "Authentication required");
        assertProblem(anonymous().get("/api/v1/nodes/" + NodeFixture.ALIVE), 401, "Authentication required");
    }

    private static JsonNode node(JsonNode body, String id) {
        for (JsonNode n : body.path("nodes")) {
            if (n.path("node_id").asString().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id + " in " + body);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static org.assertj.core.data.TemporalUnitOffset within() {
        return org.assertj.core.api.Assertions.within(Duration.ofSeconds(1).toMillis(),
                java.time.temporal.ChronoUnit.MILLIS);
    }
}
