package io.pipeline.web.api;

import io.pipeline.engine.RunIds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of {@code POST .../dagRuns} (Airflow's writable {@code DAGRun} fields), validated with errors naming the
 * field: unknown or read-only fields, a malformed date, {@code logical_date} and {@code execution_date} that
 * disagree, a {@code conf} that is not an object, an invalid run id.
 */
record TriggerRequest(String dagRunId, Instant logicalDate, Map<String, Object> conf, String note) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of("dag_run_id", "logical_date", "execution_date", "conf", "note",
            "data_interval_start", "data_interval_end");

    @SuppressWarnings("unchecked")
    static TriggerRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object (it may be empty: {})");
        }
        Set<String> unknown = new TreeSet<>(body.propertyNames());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Unknown or read-only field(s): " + String.join(", ", unknown)
                    + "; a new run takes dag_run_id, logical_date, conf and note");
        }
        String runId = text(body, "dag_run_id");
        String runIdProblem = RunIds.problem(runId); // the same rule and message as the dashboard and the CLI
        if (runIdProblem != null) {
            throw ApiException.badRequest(runIdProblem);
        }
        Instant logical = Instants.field("logical_date", text(body, "logical_date"));
        Instant execution = Instants.field("execution_date", text(body, "execution_date"));
        if (logical != null && execution != null && !Objects.equals(logical, execution)) {
            throw ApiException.badRequest("Fields 'logical_date' and 'execution_date' differ; send only logical_date");
        }
        JsonNode conf = body.get("conf");
        if (conf != null && !conf.isNull() && !conf.isObject()) {
            throw ApiException.badRequest("Field 'conf' must be a JSON object");
        }
        Map<String, Object> confMap = conf == null || conf.isNull() ? Map.of() : JSON.treeToValue(conf, Map.class);
        return new TriggerRequest(runId, logical != null ? logical : execution, confMap, text(body, "note"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.badRequest("Field '" + field + "' must be a string");
        }
        return v.asString();
    }
}
