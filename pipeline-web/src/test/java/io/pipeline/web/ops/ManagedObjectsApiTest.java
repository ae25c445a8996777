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
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /pools}, {@code /variables}, {@code /connections} in Airflow's shapes, per role and with bad input. */
class ManagedObjectsApiTest extends ApiTestBase {

    @Autowired
    Operations ops;
    @Autowired
    DataSource dataSource;
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("DELETE FROM variable").update();
        jdbc.sql("DELETE FROM connection").update();
        jdbc.sql("DELETE FROM pool WHERE name LIKE 'api_%'").update();
    }

    private ApiClient op() {
        return as(Role.OP);
    }

    // ---- pools --------------------------------------------------------------------------------------------------

    @Test
    void an_op_creates_reads_patches_renames_and_deletes_a_pool_in_airflows_fields() {
        ApiClient.Response created = op().post("/api/v1/pools",
                "{\"name\": \"api_vendor\", \"slots\": 4, \"description\": \"vendor calls\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode pool = created.json();
        assertThat(pool.propertyNames()).containsExactlyInAnyOrder("name", "slots", "occupied_slots",
                "running_slots", "queued_slots", "scheduled_slots", "open_slots", "deferred_slots", "description",
                "include_deferred");
        assertThat(pool.path("open_slots").asInt()).isEqualTo(4);
        assertThat(pool.path("include_deferred").asBoolean()).isFalse();

        JsonNode list = op().get("/api/v1/pools?order_by=-slots").json();
        assertThat(list.path("total_entries").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(list.path("pools").findValuesAsString("name")).contains("default_pool", "api_vendor");

        ApiClient.Response patched = op().patch("/api/v1/pools/api_vendor?update_mask=slots",
                "{\"name\": \"ignored_by_the_mask\", \"slots\": 6}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().path("slots").asInt()).isEqualTo(6);
        assertThat(patched.json().path("name").asString()).isEqualTo("api_vendor");
        assertThat(patched.json().path("description").asString()).isEqualTo("vendor calls");

        ApiClient.Response renamed = op().patch("/api/v1/pools/api_vendor",
                "{\"name\": \"api_vendor2\", \"slots\": 2}");
        assertThat(renamed.json().path("name").asString()).as(renamed.toString()).isEqualTo("api_vendor2");
        assertThat(op().get("/api/v1/pools/api_vendor").status()).isEqualTo(404);

        assertThat(op().delete("/api/v1/pools/api_vendor2").status()).isEqualTo(204);
        assertProblem(op().get("/api/v1/pools/api_vendor2"), 404, "api_vendor2");
        assertThat(eventsAbout("api_vendor")).contains("pool.create", "pool.edit", "pool.delete");
    }

    @Test
    void the_default_pool_is_resized_but_neither_renamed_nor_deleted() {
        int slots = op().get("/api/v1/pools/default_pool").json().path("slots").asInt();
        assertProblem(op().delete("/api/v1/pools/default_pool"), 400, "Default Pool can't be deleted");
        assertProblem(op().patch("/api/v1/pools/default_pool", "{\"name\": \"other\", \"slots\": 3}"), 400,
                "Default Pool's name can't be modified");
        ApiClient.Response resized = op().patch("/api/v1/pools/default_pool?update_mask=slots",
                "{\"slots\": " + (slots + 1) + "}");
        assertThat(resized.json().path("slots").asInt()).as(resized.toString()).isEqualTo(slots + 1);
        op().patch("/api/v1/pools/default_pool?update_mask=slots", "{\"slots\": " + slots + "}");
    }

    @Test
    void a_pool_with_queued_instances_is_not_deleted_and_the_409_gives_the_count() {
        op().post("/api/v1/pools", "{\"name\": \"api_busy\", \"slots\": 2}");
        String runId = new EtlRuns(ops, jdbc).failedRun();
        // Queued on a queue no worker serves, so that nothing takes them while the test looks.
        jdbc.sql("""
                UPDATE task_instance t SET pool = 'api_busy', queue = 'api_test_nobody', state = 'queued'
                FROM dag_run r WHERE r.id = t.run_pk AND r.dag_id = :dag AND r.run_id = :run
                AND t.task_id IN ('load', 'report')
                """).param("dag", OpsApiEtl.ID).param("run", runId).update();
        try {
            JsonNode pool = op().get("/api/v1/pools/api_busy").json();
            assertThat(pool.path("queued_slots").asInt()).isEqualTo(2);
            assertThat(pool.path("occupied_slots").asInt()).isEqualTo(2);
            assertThat(pool.path("open_slots").asInt()).isZero();
            assertProblem(op().delete("/api/v1/pools/api_busy"), 409, "2 queued or running");
            assertThat(op().get("/api/v1/pools/api_busy").status()).isEqualTo(200);
        } finally {
            jdbc.sql("""
                    UPDATE task_instance t SET state = 'upstream_failed', pool = 'default_pool'
                    FROM dag_run r WHERE r.id = t.run_pk AND r.dag_id = :dag AND r.run_id = :run
                    AND t.task_id IN ('load', 'report')
                    """).param("dag", OpsApiEtl.ID).param("run", runId).update();
        }
        assertThat(op().delete("/api/v1/pools/api_busy").status()).isEqualTo(204);
    }

    @Test
    void bad_pool_input_is_a_400_naming_the_field_and_a_taken_name_a_409() {
        assertProblem(op().post("/api/v1/pools", "{\"name\": \"has space\", \"slots\": 1}"), 400, "'name'");
        assertProblem(op().post("/api/v1/pools", "{\"name\": \"api_x\"}"), 400, "'slots'");
        assertProblem(op().post("/api/v1/pools", "{\"name\": \"api_x\", \"slots\": -1}"), 400, "'slots'");
        assertProblem(op().post("/api/v1/pools", "{\"name\": \"api_x\", \"slots\": 1, \"open_slots\": 3}"), 400,
                "open_slots");
        assertProblem(op().get("/api/v1/pools/bad%20name"), 400, "'pool_name'");
        assertProblem(op().patch("/api/v1/pools/default_pool?update_mask=color", "{\"slots\": 1}"), 400,
                "'color'");
        assertProblem(op().post("/api/v1/pools", "{\"name\": \"default_pool\", \"slots\": 1}"), 409,
                "already exists");
        assertProblem(op().get("/api/v1/pools?limit=0"), 400, "'limit'");
    }

    @Test
    void a_limit_above_the_maximum_is_capped_not_refused() {
        ApiClient.Response r = op().get("/api/v1/pools?limit=20000");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("pools").size()).isEqualTo(r.json().path("total_entries").asInt());
    }

    // ---- variables ----------------------------------------------------------------------------------------------

    @Test
    void variables_are_created_read_patched_and_deleted_and_secret_looking_values_are_masked() {
        ApiClient.Response created = op().post("/api/v1/variables",
                "{\"key\": \"rates_url\", \"value\": \"https://rates.example\", \"description\": \"vendor\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("value").asString()).isEqualTo("https://rates.example");
        op().post("/api/v1/variables", "{\"key\": \"vendor_api_key\", \"value\": \"k-123456\"}");

        ApiClient.Response secret = op().get("/api/v1/variables/vendor_api_key");
        assertThat(secret.json().path("value").asString()).isEqualTo("***");
        assertThat(secret.body()).doesNotContain("k-123456");
        JsonNode list = op().get("/api/v1/variables").json();
        assertThat(list.path("total_entries").asInt()).isEqualTo(2);
        assertThat(list.path("variables").get(0).propertyNames()).containsExactlyInAnyOrder("key", "description");

        ApiClient.Response patched = op().patch("/api/v1/variables/rates_url?update_mask=value",
                "{\"key\": \"rates_url\", \"value\": \"https://rates.example/v2\", \"description\": \"no\"}");
        assertThat(patched.json().path("value").asString()).as(patched.toString())
                .isEqualTo("https://rates.example/v2");
        assertThat(patched.json().path("description").asString()).isEqualTo("vendor");

        assertThat(op().delete("/api/v1/variables/rates_url").status()).isEqualTo(204);
        assertProblem(op().get("/api/v1/variables/rates_url"), 404, "rates_url");
        assertProblem(op().delete("/api/v1/variables/rates_url"), 404, "rates_url");
        String stored = jdbc.sql("SELECT val FROM variable WHERE key = 'vendor_api_key'").query(String.class)
                .single();
        assertThat(stored).startsWith("v1:").doesNotContain("k-123456");
        assertThat(auditText()).doesNotContain("k-123456").doesNotContain("rates.example");
    }

    @Test
    void bad_variable_input_is_a_400_naming_what_was_wrong() {
        assertProblem(op().post("/api/v1/variables", "{\"key\": \"a/b\", \"value\": \"x\"}"), 400, "'key'");
        assertProblem(op().post("/api/v1/variables", "{\"key\": \"" + "k".repeat(251) + "\", \"value\": \"x\"}"),
                400, "251");
        assertProblem(op().post("/api/v1/variables", "{\"key\": \"ok\"}"), 400, "'value'");
        assertProblem(op().post("/api/v1/variables", "{\"key\": \"ok\", \"value\": 3}"), 400, "value");
        assertProblem(op().get("/api/v1/variables/bad%20key"), 400, "'variable_key'");
        op().post("/api/v1/variables", "{\"key\": \"ok\", \"value\": \"x\"}");
        assertProblem(op().patch("/api/v1/variables/ok", "{\"key\": \"other\", \"value\": \"y\"}"), 400,
                "does not match");
        assertProblem(op().patch("/api/v1/variables/ok?update_mask=key", "{\"key\": \"ok\", \"value\": \"y\"}"),
                400, "update_mask");
    }

    // ---- connections --------------------------------------------------------------------------------------------

    @Test
    void a_connection_never_returns_its_password_and_masks_secret_extras() {
        ApiClient.Response created = op().post("/api/v1/connections", """
                {"connection_id": "vendor_http", "conn_type": "https", "host": "api.vendor.example",
                 "login": "svc", "password": "pw-secret-1", "port": 443,
                 "extra": "{\\"api_token\\": \\"tok-secret-2\\", \\"timeout\\": 5}"}
                """);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        for (ApiClient.Response r : List.of(created, op().get("/api/v1/connections/vendor_http"),
                op().get("/api/v1/connections"))) {
            assertThat(r.body()).doesNotContain("pw-secret-1").doesNotContain("tok-secret-2");
        }
        JsonNode one = op().get("/api/v1/connections/vendor_http").json();
        assertThat(one.has("password")).isFalse();
        assertThat(one.path("extra").asString()).contains("\"api_token\":\"***\"").contains("\"timeout\":5");
        assertThat(op().get("/api/v1/connections").json().path("connections").get(0).propertyNames())
                .containsExactlyInAnyOrder("connection_id", "conn_type", "description", "host", "login", "schema",
                        "port");

        ApiClient.Response patched = op().patch("/api/v1/connections/vendor_http?update_mask=host",
                "{\"connection_id\": \"vendor_http\", \"conn_type\": \"https\", \"host\": \"api2.vendor.example\"}");
        assertThat(patched.json().path("host").asString()).as(patched.toString()).isEqualTo("api2.vendor.example");
        assertThat(patched.json().path("login").asString()).isEqualTo("svc");
        assertProblem(op().patch("/api/v1/connections/vendor_http", "{\"connection_id\": \"renamed\"}"), 400,
                "cannot be updated");
        assertThat(auditText()).contains("connection.create", "connection.edit")
                .doesNotContain("pw-secret-1").doesNotContain("tok-secret-2");

        assertThat(op().delete("/api/v1/connections/vendor_http").status()).isEqualTo(204);
        assertProblem(op().get("/api/v1/connections/vendor_http"), 404, "vendor_http");
    }

    @Test
    void bad_connection_input_is_a_400_and_a_taken_id_a_409() {
        assertProblem(op().post("/api/v1/connections", "{\"connection_id\": \"a b\", \"conn_type\": \"http\"}"),
                400, "'connection_id'");
        assertProblem(op().post("/api/v1/connections", "{\"connection_id\": \"" + "c".repeat(201)
                + "\", \"conn_type\": \"http\"}"), 400, "201");
        assertProblem(op().post("/api/v1/connections", "{\"connection_id\": \"c1\"}"), 400, "'conn_type'");
        assertProblem(op().post("/api/v1/connections",
                "{\"connection_id\": \"c1\", \"conn_type\": \"http\", \"extra\": \"[1]\"}"), 400, "'extra'");
        assertProblem(op().post("/api/v1/connections",
                "{\"connection_id\": \"c1\", \"conn_type\": \"http\", \"port\": 70000}"), 400, "'port'");
        op().post("/api/v1/connections", "{\"connection_id\": \"c1\", \"conn_type\": \"http\"}");
        assertProblem(op().post("/api/v1/connections", "{\"connection_id\": \"c1\", \"conn_type\": \"http\"}"),
                409, "already exists");
        assertProblem(op().get("/api/v1/connections/x%20y"), 400, "'connection_id'");
    }

    @Test
    void the_connection_test_reports_whether_the_endpoint_answers() throws IOException {
        int closedPort;
        try (ServerSocket listening = new ServerSocket(0)) {
            JsonNode up = op().post("/api/v1/connections/test", "{\"connection_id\": \"probe\", \"conn_type\":"
                    + " \"http\", \"host\": \"127.0.0.1\", \"port\": " + listening.getLocalPort() + "}").json();
            assertThat(up.path("status").asBoolean()).as(up.toString()).isTrue();
            closedPort = listening.getLocalPort();
        }
        JsonNode down = op().post("/api/v1/connections/test", "{\"connection_id\": \"probe\", \"conn_type\":"
                + " \"http\", \"host\": \"127.0.0.1\", \"port\": " + closedPort + "}").json();
        assertThat(down.path("status").asBoolean()).isFalse();
        assertThat(down.path("message").asString()).contains("127.0.0.1:" + closedPort);
        assertThat(op().get("/api/v1/connections").json().path("total_entries").asInt()).isZero();
    }

    // ---- roles --------------------------------------------------------------------------------------------------

    @Test
    void viewers_and_users_are_refused_and_anonymous_callers_must_log_in() {
        for (String path : List.of("/api/v1/pools", "/api/v1/variables", "/api/v1/connections")) {
            assertThat(as(Role.VIEWER).get(path).status()).as(path).isEqualTo(403);
            assertThat(as(Role.USER).get(path).status()).as(path).isEqualTo(403);
            assertThat(anonymous().get(path).status()).as(path).isEqualTo(401);
            assertThat(as(Role.ADMIN).get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(as(Role.USER).post("/api/v1/variables", "{\"key\": \"k\", \"value\": \"v\"}").status())
                .isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM variable").query(Integer.class).single()).isZero();
    }

    private List<String> eventsAbout(String name) {
        return jdbc.sql("SELECT event FROM audit_log WHERE extra LIKE :name ORDER BY id")
                .param("name", "%" + name + "%").query(String.class).list();
    }

    private String auditText() {
        return String.join("\n", jdbc.sql("SELECT event || ' ' || coalesce(extra, '') FROM audit_log")
                .query(String.class).list());
    }
}
