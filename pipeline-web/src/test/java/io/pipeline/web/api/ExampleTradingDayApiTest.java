package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.Await;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example DAG end to end through the API: trigger, run with a branch, a fan-out and a retry, logs. */
class ExampleTradingDayApiTest extends ApiTestBase {

    private static final String RUNS = "/api/v1/dags/example_trading_day/dagRuns";

    @Test
    void a_triggered_run_of_example_trading_day_succeeds_within_30_seconds_after_one_retry() {
        ApiClient user = as(Role.USER);
        ApiClient.Response created = user.post(RUNS,
                "{\"dag_run_id\": \"e2e_primary\", \"logical_date\": \"2026-03-02T23:30:00Z\", \"conf\": {}}");
        long triggered = System.nanoTime();

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("state").asString()).isIn("queued", "running");
        assertThat(created.json().path("run_type").asString()).isEqualTo("manual");
        assertThat(created.json().path("external_trigger").asBoolean()).isTrue();

        JsonNode run = Await.until(Duration.ofSeconds(30), () -> user.get(RUNS + "/e2e_primary").json(),
                r -> r.path("state").asString().equals("success") || r.path("state").asString().equals("failed"),
                "run e2e_primary finished");
        Duration took = Duration.ofNanos(System.nanoTime() - triggered);

        assertThat(run.path("state").asString()).as("run state after %s", took).isEqualTo("success");
        assertThat(took).isLessThan(Duration.ofSeconds(30));

        Map<String, JsonNode> tis = taskInstances("e2e_primary");
        assertThat(tis.get("list_symbols").path("state").asString()).isEqualTo("success");
        assertThat(tis.get("fetch_backup").path("state").asString()).isEqualTo("skipped");
        assertThat(tis.get("fetch_prices[0]").path("state").asString()).isEqualTo("success");
        assertThat(tis.get("fetch_prices[3]").path("state").asString()).isEqualTo("success");
        assertThat(tis.get("load_bars").path("state").asString()).isEqualTo("success");
        assertThat(tis.get("load_bars").path("try_number").asInt()).isEqualTo(2);
        assertThat(tis.get("report").path("state").asString()).isEqualTo("success");

        String base = RUNS + "/e2e_primary/taskInstances/load_bars/logs/";
        assertThat(as(Role.VIEWER).get(base + "1").json().path("content").asString()).contains("bar store timed out");
        assertThat(as(Role.VIEWER).get(base + "2").json().path("content").asString()).contains("loaded 4 bars");
        assertProblem(as(Role.VIEWER).get(base + "3"), 404, "no try 3");
    }

    @Test
    void the_branch_follows_the_source_param_from_conf() {
        ApiClient.Response created = as(Role.USER).post(RUNS,
                "{\"dag_run_id\": \"e2e_backup\", \"logical_date\": \"2026-03-03T23:30:00Z\","
                        + " \"conf\": {\"source\": \"backup\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("conf").path("source").asString()).isEqualTo("backup");

        Await.until(Duration.ofSeconds(30), () -> as(Role.VIEWER).get(RUNS + "/e2e_backup").json(),
                r -> r.path("state").asString().equals("success") || r.path("state").asString().equals("failed"),
                "run e2e_backup finished");

        Map<String, JsonNode> tis = taskInstances("e2e_backup");
        assertThat(tis.get("fetch_backup").path("state").asString()).isEqualTo("success");
        assertThat(tis.get("report").path("state").asString()).isEqualTo("success");
        assertThat(tis.keySet().stream().filter(k -> k.startsWith("fetch_prices")))
                .allSatisfy(k -> assertThat(tis.get(k).path("state").asString()).isEqualTo("skipped"));
    }

    /** TIs by task id, mapped ones as {@code task[index]}. */
    private Map<String, JsonNode> taskInstances(String runId) {
        JsonNode body = as(Role.VIEWER).get(RUNS + "/" + runId + "/taskInstances?limit=100").json();
        Map<String, JsonNode> byKey = new HashMap<>();
        body.path("task_instances").forEach(ti -> byKey.put(ti.path("map_index").asInt() < 0
                ? ti.path("task_id").asString()
                : ti.path("task_id").asString() + "[" + ti.path("map_index").asInt() + "]", ti));
        assertThat(body.path("total_entries").asInt()).isEqualTo(byKey.size());
        return byKey;
    }
}
