package io.pipeline.web.alerts;

import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.Await;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Triggering runs through the API and waiting for them to finish, for the alert and metrics tests. */
final class AlertRuns {

    private AlertRuns() {
    }

    /** Triggers a run as {@code user} and returns it once it is success or failed (the engine runs on its threads). */
    static JsonNode runToEnd(ApiClient user, String dagId, String runId, String logicalDate) {
        String runs = "/api/v1/dags/" + dagId + "/dagRuns";
        ApiClient.Response created = user.post(runs, "{\"dag_run_id\": \"" + runId + "\", \"logical_date\": \""
                + logicalDate + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return Await.until(Duration.ofSeconds(30), () -> user.get(runs + "/" + runId).json(),
                r -> r.path("state").asString().equals("success") || r.path("state").asString().equals("failed"),
                "run " + dagId + "/" + runId + " finished");
    }

    /** {@code GET /api/v1/alerts} with a query string, as {@code client}. */
    static JsonNode alerts(ApiClient client, String query) {
        ApiClient.Response r = client.get("/api/v1/alerts" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
