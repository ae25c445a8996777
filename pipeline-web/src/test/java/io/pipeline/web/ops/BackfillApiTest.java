package io.pipeline.web.ops;

import io.pipeline.dags.ops.OpsApiSessions;
import io.pipeline.ops.Actor;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /backfills}: create, dry run, get, list, pause, unpause, cancel; each error status. */
class BackfillApiTest extends ApiTestBase {

    static final String BODY = "{\"dag_id\": \"" + OpsApiSessions.ID + "\", \"from_date\": \"2024-12-16\","
            + " \"to_date\": \"2024-12-27\", \"max_active_runs\": 2, \"dag_run_conf\": {\"lookback\": 3}}";

    @Autowired
    Operations ops;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void noActiveBackfill() {
        ops.pause(OpsApiSessions.ID, true, Actor.api("setup"));
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("UPDATE backfill SET completed_at = now() WHERE completed_at IS NULL").update();
        jdbc.sql("DELETE FROM dag_run WHERE dag_id = :dag").param("dag", OpsApiSessions.ID).update();
    }

    @Test
    void an_op_creates_a_backfill_and_reads_its_progress() {
        ApiClient.Response created = as(Role.OP).post("/api/v1/backfills", BODY);

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode b = created.json();
        assertThat(b.path("dag_id").asString()).isEqualTo(OpsApiSessions.ID);
        assertThat(b.path("from_date").asString()).isEqualTo("2024-12-16T05:00:00Z");
        assertThat(b.path("to_date").asString()).isEqualTo("2024-12-28T04:59:59.999999Z");
        assertThat(b.path("reprocess_behavior").asString()).isEqualTo("none");
        assertThat(b.path("max_active_runs").asInt()).isEqualTo(2);
        assertThat(b.path("dag_run_conf").path("lookback").asInt()).isEqualTo(3);
        assertThat(b.path("is_paused").asBoolean()).isFalse();
        assertThat(b.path("completed_at").isNull()).isTrue();
        assertThat(b.path("created_by").asString()).isEqualTo("op");
        assertThat(b.path("progress").path("total").asInt()).as("9 sessions: no 12-25").isEqualTo(9);
        assertThat(b.path("progress").path("remaining").asInt()).as("the DAG is paused").isEqualTo(9);

        long id = b.path("id").asLong();
        JsonNode read = as(Role.VIEWER).get("/api/v1/backfills/" + id).json();
        assertThat(read.path("progress")).isEqualTo(b.path("progress"));
        JsonNode list = as(Role.VIEWER).get("/api/v1/backfills?dag_id=" + OpsApiSessions.ID + "&limit=1").json();
        assertThat(list.path("backfills").get(0).path("id").asLong()).isEqualTo(id);
        assertThat(list.path("total_entries").asInt()).isGreaterThanOrEqualTo(1);

        assertThat(put(Role.OP, "/api/v1/backfills/" + id + "/pause").json().path("is_paused").asBoolean())
                .isTrue();
        assertThat(as(Role.OP).post("/api/v1/backfills/" + id + "/unpause", "").json().path("is_paused")
                .asBoolean()).isFalse();
        JsonNode cancelled = as(Role.OP).post("/api/v1/backfills/" + id + "/cancel", "").json();
        assertThat(cancelled.path("completed_at").isNull()).isFalse();
        assertThat(cancelled.path("progress").path("failed").asInt()).isEqualTo(9);
        assertProblem(put(Role.OP, "/api/v1/backfills/" + id + "/cancel"), 409, "already completed");
    }

    private ApiClient.Response put(Role role, String path) {
        return Put.as(port, role.displayName().toLowerCase(), password(role), path);
    }

    @Test
    void a_dry_run_lists_the_logical_dates_and_creates_nothing() {
        ApiClient.Response r = as(Role.OP).post("/api/v1/backfills/dry_run", BODY.replace("2024-12-27",
                "2024-12-24"));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("total_entries").asInt()).isEqualTo(7);
        assertThat(r.json().path("backfills").get(0).path("logical_date").asString())
                .isEqualTo("2024-12-16T05:00:00Z");
        assertThat(r.json().path("backfills").get(6).path("session_date").asString()).isEqualTo("2024-12-24");
        assertThat(r.json().path("backfills").get(0).path("action").asString()).isEqualTo("create");
    }

    @Test
    void only_missing_partitions_of_keeps_exactly_the_sessions_without_an_event() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("DELETE FROM dataset_event WHERE dataset_id = (SELECT id FROM dataset WHERE uri = :uri)")
                .param("uri", OpsApiSessions.BARS.uri()).update();
        List<String> present = List.of("2025-01-02", "2025-07-03", "2025-12-31");
        for (String key : present) {
            ApiClient.Response e = as(Role.OP).post("/api/v1/datasets/events", "{\"dataset_uri\": \""
                    + OpsApiSessions.BARS.uri() + "\", \"partition_key\": \"" + key + "\"}");
            assertThat(e.status()).as(e.toString()).isEqualTo(200);
        }
        String year = "{\"dag_id\": \"" + OpsApiSessions.ID + "\", \"from_date\": \"2025-01-01\","
                + " \"to_date\": \"2025-12-31\"";
        String onlyMissing = year + ", \"only_missing_partitions_of\": \"" + OpsApiSessions.BARS.uri() + "\"}";

        List<String> every = sessions(as(Role.OP).post("/api/v1/backfills/dry_run", year + "}"));
        ApiClient.Response r = as(Role.OP).post("/api/v1/backfills/dry_run", onlyMissing);

        assertThat(every).as("the XNYS sessions of 2025").hasSize(250).containsAll(present)
                .doesNotContain("2025-01-09", "2025-07-04", "2025-12-25");
        List<String> missing = new ArrayList<>(every);
        missing.removeAll(present);
        assertThat(sessions(r)).as("every session of 2025 where the dataset has no event").isEqualTo(missing);
        assertThat(r.json().path("total_entries").asInt()).isEqualTo(247);

        ApiClient.Response created = as(Role.OP).post("/api/v1/backfills", onlyMissing);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("progress").path("total").asInt()).isEqualTo(247);
        assertThat(created.json().path("only_missing_partitions_of").asString()).isEqualTo(OpsApiSessions.BARS.uri());
        ApiClient.Response shown = as(Role.VIEWER).get("/api/v1/backfills/" + created.json().path("id").asLong());
        assertThat(shown.json().path("only_missing_partitions_of").asString()).as("recorded on the backfill row")
                .isEqualTo(OpsApiSessions.BARS.uri());
        assertThat(as(Role.VIEWER).get("/api/v1/backfills?dag_id=" + OpsApiSessions.ID).json().path("backfills")
                .get(0).path("only_missing_partitions_of").asString()).isEqualTo(OpsApiSessions.BARS.uri());
        assertThat(jdbc.sql("SELECT count(*) FROM dag_run WHERE dag_id = :dag AND backfill_id = :id"
                        + " AND logical_date IN (:dates)")
                .param("dag", OpsApiSessions.ID).param("id", created.json().path("id").asLong())
                .param("dates", List.of(Timestamp.from(Instant.parse("2025-01-02T05:00:00Z")),
                        Timestamp.from(Instant.parse("2025-07-03T04:00:00Z")),
                        Timestamp.from(Instant.parse("2025-12-31T05:00:00Z"))))
                .query(Integer.class).single()).as("no run for a session that has its event").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM dag_run WHERE dag_id = :dag AND backfill_id = :id")
                .param("dag", OpsApiSessions.ID).param("id", created.json().path("id").asLong())
                .query(Integer.class).single()).isEqualTo(247);

        assertProblem(as(Role.OP).post("/api/v1/backfills/dry_run", onlyMissing.replace(OpsApiSessions.BARS.uri(),
                "s3://nowhere/bars")), 400, "Field 'only_missing_partitions_of': unknown dataset 's3://nowhere/bars'");
        assertProblem(as(Role.OP).post("/api/v1/backfills/dry_run", onlyMissing.replace(OpsApiSessions.BARS.uri(),
                OpsApiSessions.REFERENCE.uri())), 400, "dataset '" + OpsApiSessions.REFERENCE.uri()
                + "' is not partitioned");
        assertProblem(as(Role.OP).post("/api/v1/backfills/dry_run", onlyMissing.replace(OpsApiSessions.BARS.uri(),
                " ")), 400, "Field 'only_missing_partitions_of' must be a dataset URI");
    }

    private static List<String> sessions(ApiClient.Response dryRun) {
        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        dryRun.json().path("backfills").forEach(p -> out.add(p.path("session_date").asString()));
        return out;
    }

    @Test
    void errors_name_what_was_wrong() {
        assertProblem(as(Role.OP).post("/api/v1/backfills", "{\"from_date\": \"2024-01-01\"}"), 400, "'dag_id'");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("\"to_date\": \"2024-12-27\",", "")),
                400, "'to_date' is required");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("2024-12-27", "2024-12-01")), 400,
                "before from_date");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("\"max_active_runs\": 2,",
                "\"reprocess_behavior\": \"all\",")), 400, "'all' is not one of none, failed, completed");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("\"lookback\": 3", "\"lookback\": \"x\"")),
                400, "lookback");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("\"max_active_runs\": 2",
                "\"max_active_runs\": 0")), 400, "max_active_runs");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("2024-12-16", "16/12/2024")), 400,
                "'from_date'");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace(OpsApiSessions.ID, "no_such_dag")), 404,
                "no_such_dag");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("2024-12-27", "2037-06-30")), 400,
                "calendar XNYS covers sessions");
        assertProblem(as(Role.VIEWER).get("/api/v1/backfills/987654"), 404, "backfill 987654 not found");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("\"max_active_runs\": 2",
                "\"max_active_runs\": 2.5")), 400, "Field 'max_active_runs' must be an integer");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("{\"lookback\": 3}", "[3]")), 400,
                "Field 'dag_run_conf' must be a JSON object");
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY.replace("2024-12-16", "2024-13-16")), 400,
                "Field 'from_date': '2024-13-16' is neither a date (YYYY-MM-DD) nor an RFC 3339 date-time");
        assertProblem(as(Role.OP).post("/api/v1/backfills", ""), 400, "Field 'dag_id' is required");

        assertThat(as(Role.OP).post("/api/v1/backfills", BODY).status()).isEqualTo(200);
        assertProblem(as(Role.OP).post("/api/v1/backfills", BODY), 409, "is still active");
    }
}
