package io.pipeline.bench.node;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node's REST API, as a script would call it (HTTP Basic, Airflow's paths and fields). */
final class Api {

    record Run(String state, Instant start, Instant end) {
    }

    record TaskInstance(String taskId, String state, Instant start, Instant end) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(int port, String user, String password) {
        this.base = "http://localhost:" + port + "/api/v1";
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    void awaitHealthy(Duration timeout, NodeProcess node) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new IllegalStateException("the node exited during start; see " + node.log());
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            NodeBenchmark.sleep(200);
        }
        throw new IllegalStateException("the node did not become healthy in " + timeout + "; see " + node.log());
    }

    void awaitDag(String dagId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (get("/dags/" + dagId).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("DAG " + dagId + " not loaded in " + timeout);
            }
            NodeBenchmark.sleep(200);
        }
    }

    void trigger(String dagId, String runId, Map<String, Object> conf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", runId);
        body.put("conf", conf);
        HttpResponse<String> r = send(request("/dags/" + dagId + "/dagRuns").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("trigger of " + dagId + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** A run with a logical date (RFC 3339), no conf. */
    void triggerAt(String dagId, String runId, String logicalDate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", runId);
        body.put("logical_date", logicalDate);
        post("/dags/" + dagId + "/dagRuns", body);
    }

    /** {@code POST /datasets/events}: an external system reports an update of a partition. */
    void datasetEvent(String uri, String partitionKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dataset_uri", uri);
        body.put("partition_key", partitionKey);
        post("/datasets/events", body);
    }

    /** {@code PATCH /pools/{name}}: the pool's slots. */
    void poolSlots(String pool, int slots) {
        String body = JSON.writeValueAsString(Map.of("slots", slots));
        HttpResponse<String> r = send(request("/pools/" + pool + "?update_mask=slots")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PATCH /pools/" + pool + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private void post(String path, Map<String, Object> body) {
        HttpResponse<String> r = send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    Run awaitEnd(String dagId, String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode run = json(get("/dags/" + dagId + "/dagRuns/" + runId));
            String state = run.path("state").asString();
            if (state.equals("success") || state.equals("failed")) {
                return new Run(state, instant(run.path("start_date")), instant(run.path("end_date")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(dagId + " run " + runId + " still " + state + " after " + timeout);
            }
            NodeBenchmark.sleep(50);
        }
    }

    Run runToEnd(String dagId, String runId, Map<String, Object> conf, Duration timeout) {
        trigger(dagId, runId, conf);
        Run run = awaitEnd(dagId, runId, timeout);
        if (!run.state().equals("success")) {
            throw new IllegalStateException(dagId + " run " + runId + " ended " + run.state());
        }
        return run;
    }

    List<TaskInstance> taskInstances(String dagId, String runId) {
        List<TaskInstance> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            JsonNode page = json(get("/dags/" + dagId + "/dagRuns/" + runId + "/taskInstances?limit=1000&offset="
                    + offset));
            JsonNode items = page.path("task_instances");
            for (JsonNode ti : items) {
                all.add(new TaskInstance(ti.path("task_id").asString(), ti.path("state").asString(),
                        instant(ti.path("start_date")), instant(ti.path("end_date"))));
            }
            offset += items.size();
            if (items.isEmpty() || offset >= page.path("total_entries").asLong()) {
                return all;
            }
        }
    }

    JsonNode nodes() {
        return json(get("/nodes"));
    }

    /** A GET whose answer the caller checks (e.g. timed by the history benchmark). */
    HttpResponse<String> raw(String path) {
        return get(path);
    }

    /** A GET outside the API (e.g. {@code /actuator/prometheus}), with the same credentials. */
    HttpResponse<String> rawActuator(String path) {
        return send(HttpRequest.newBuilder(URI.create(base.replace("/api/v1", "") + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization).GET());
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asString());
    }

    private JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
