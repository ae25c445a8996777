package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The dataset endpoints in Airflow's shapes, with partition keys, on the shipped market-data datasets. */
class DatasetApiTest extends ApiTestBase {

    private static final String BARS = "postgres://marketdata/public/bars_1d";
    private static final String FUNDAMENTALS = "postgres://marketdata/public/fundamentals";

    @Test
    void lists_the_shipped_datasets_with_producers_and_consumers() {
        JsonNode page = as(Role.VIEWER).get("/api/v1/datasets?uri_pattern=marketdata&order_by=uri").json();

        assertThat(page.path("total_entries").asInt()).isEqualTo(3);
        JsonNode bars = page.path("datasets").get(0);
        assertThat(bars.path("uri").asString()).isEqualTo(BARS);
        assertThat(bars.path("partitioning").asString()).isEqualTo("sessions:XNYS");
        assertThat(bars.path("freshness").asString()).isEqualTo("45 min after the XNYS close");
        assertThat(bars.path("producing_tasks").get(0).path("dag_id").asString()).isEqualTo("daily_bars");
        assertThat(bars.path("producing_tasks").get(0).path("task_id").asString()).isEqualTo("load_bars_1d");
        assertThat(dagIds(bars.path("consuming_dags"))).contains("risk_models");
        assertThat(mappings(bars.path("scheduled_dags"))).containsEntry("risk_models", "same_session")
                .containsEntry("backtest", "last_session_of_week");

        JsonNode one = as(Role.VIEWER).get("/api/v1/datasets/" + page.path("datasets").get(2).path("id").asLong())
                .json();
        assertThat(one.path("uri").asString()).isEqualTo(FUNDAMENTALS);
        assertThat(one.path("producing_tasks").get(0).path("dag_id").asString()).isEqualTo("nightly_dataload");
        assertThat(one.path("freshness").asString()).isEqualTo("at the XNYS close");
        assertThat(page.path("datasets").get(1).path("freshness").asString(null)).isNull(); // bars_1m has none
        assertProblem(as(Role.VIEWER).get("/api/v1/datasets/" + URLEncoder.encode("vendor:nowhere", StandardCharsets.UTF_8)),
                404, "vendor:nowhere");
        assertProblem(as(Role.VIEWER).get("/api/v1/datasets/987654321"), 404, "987654321");
    }

    private static java.util.Map<String, String> mappings(JsonNode scheduled) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        scheduled.forEach(d -> out.put(d.path("dag_id").asString(), d.path("partition_mapping").asString()));
        return out;
    }

    private static java.util.List<String> dagIds(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(array.get(i).path("dag_id").asString());
        }
        return out;
    }

    @Test
    void a_dataset_is_found_by_its_url_encoded_uri_as_airflow_clients_send_it() {
        String encoded = URLEncoder.encode(BARS, StandardCharsets.UTF_8);
        assertThat(encoded).contains("%2F");

        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/datasets/" + encoded);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("uri").asText()).isEqualTo(BARS);
        // the encoded slash stays refused everywhere else
        assertThat(as(Role.VIEWER).get("/api/v1/dags/" + encoded).status()).isEqualTo(400);
    }

    @Test
    void an_op_reports_an_external_event_and_it_is_listed_with_its_partition_key() {
        ApiClient.Response created = as(Role.OP).post("/api/v1/datasets/events", "{\"dataset_uri\": \"" + FUNDAMENTALS
                + "\", \"partition_key\": \"2026-11-17\", \"extra\": {\"file\": \"vendor/2026-11-17.csv\"}}");

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode event = created.json();
        assertThat(event.path("dataset_uri").asString()).isEqualTo(FUNDAMENTALS);
        assertThat(event.path("partition_key").asString()).isEqualTo("2026-11-17");
        assertThat(event.path("extra").path("file").asString()).isEqualTo("vendor/2026-11-17.csv");
        assertThat(event.path("source_dag_id").isNull()).isTrue();
        assertThat(event.has("timestamp")).isTrue();

        JsonNode listed = as(Role.VIEWER).get("/api/v1/datasets/events?dataset_uri="
                + URLEncoder.encode(FUNDAMENTALS, StandardCharsets.UTF_8) + "&partition_key=2026-11-17").json();
        assertThat(listed.path("total_entries").asInt()).isEqualTo(1);
        assertThat(listed.path("dataset_events").get(0).path("partition_key").asString()).isEqualTo("2026-11-17");
        assertThat(as(Role.USER).post("/api/v1/datasets/events", "{\"dataset_uri\": \"" + FUNDAMENTALS
                + "\", \"partition_key\": \"2026-11-17\"}").status()).isEqualTo(403);
    }

    @Test
    void an_unknown_dataset_or_a_key_that_is_not_a_session_is_400_naming_it() {
        assertProblem(as(Role.OP).post("/api/v1/datasets/events", "{\"dataset_uri\": \"s3://nowhere/x\"}"), 400,
                "unknown dataset 's3://nowhere/x'");
        assertProblem(as(Role.OP).post("/api/v1/datasets/events", "{\"dataset_uri\": \"" + BARS
                + "\", \"partition_key\": \"2026-11-26\"}"), 400, "2026-11-26", "sessions:XNYS");
        assertProblem(as(Role.OP).post("/api/v1/datasets/events", "{\"dataset_uri\": \"" + BARS + "\"}"), 400,
                "partition_key");
        assertProblem(as(Role.OP).post("/api/v1/datasets/events", "{\"uri\": \"" + BARS + "\"}"), 400, "uri");
    }

    @Test
    void a_run_triggered_with_a_partition_key_takes_the_sessions_dates_and_shows_the_key() {
        ApiClient.Response created = as(Role.USER).post("/api/v1/dags/risk_models/dagRuns",
                "{\"dag_run_id\": \"risk_by_key\", \"partition_key\": \"2026-11-18\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode run = as(Role.VIEWER).get("/api/v1/dags/risk_models/dagRuns/risk_by_key").json();
        assertThat(run.path("partition_key").asString()).isEqualTo("2026-11-18");
        assertThat(run.path("logical_date").asString()).isEqualTo("2026-11-18T05:00:00Z");
        assertThat(run.path("data_interval_start").asString()).isEqualTo("2026-11-18T14:30:00Z");
        assertThat(run.path("data_interval_end").asString()).isEqualTo("2026-11-18T21:00:00Z");
        assertThat(run.path("session_date").asString()).isEqualTo("2026-11-18");
        JsonNode upstream = as(Role.VIEWER).get("/api/v1/dags/risk_models/dagRuns/risk_by_key/upstreamDatasetEvents")
                .json();
        assertThat(upstream.path("total_entries").asInt()).isEqualTo(upstream.path("dataset_events").size());
        assertProblem(as(Role.VIEWER).get("/api/v1/dags/risk_models/dagRuns/no_such_run/upstreamDatasetEvents"), 404,
                "no_such_run");

        assertProblem(as(Role.USER).post("/api/v1/dags/risk_models/dagRuns", "{\"partition_key\": \"2026-11-26\"}"),
                400, "'partition_key'", "2026-11-26", "not a session");
        assertProblem(as(Role.USER).post("/api/v1/dags/example_hello/dagRuns", "{\"partition_key\": \"2026-11-20\"}"),
                400, "'partition_key'", "2026-11-20");
    }
}
