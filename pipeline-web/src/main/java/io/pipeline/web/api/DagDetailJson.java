package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.pipeline.dag.Dag;
import io.pipeline.dag.ParamSpec;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.DatasetTimetable;
import io.pipeline.store.DagRow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Airflow's {@code DAGDetail}: the {@code DAG} fields and the definition's own. {@code timezone} is left out (the
 * timetable carries its zone per schedule; Airflow's schema does not let it be null); dates and docs the schema
 * lets be null are null when absent. {@code params} in Airflow's serialized form: each param's
 * {@code value} and {@code description}. {@code dataset_expression} is Airflow's form of a dataset schedule,
 * {@code {"all": [uri, ...]}} (a run needs every input), and null for the other schedules.
 */
public record DagDetailJson(@JsonUnwrapped DagJson dag,
                            boolean catchup,
                            String orientation,
                            int concurrency,
                            Instant startDate,
                            Object dagRunTimeout,
                            Map<String, Object> datasetExpression,
                            String docMd,
                            Map<String, Object> params,
                            Instant endDate,
                            Boolean isPausedUponCreation,
                            Instant lastParsed,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String timezone,
                            Object templateSearchPath,
                            Boolean renderTemplateAsNativeObj) {

    static DagDetailJson of(DagRow row, Dag dag) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (ParamSpec p : dag.params().values()) {
            Map<String, Object> param = new LinkedHashMap<>();
            param.put("__class", "airflow.models.param.Param");
            param.put("value", p.defaultValue());
            param.put("description", p.description());
            params.put(p.name(), param);
        }
        return new DagDetailJson(DagJson.of(row), dag.catchup(), "LR", dag.maxActiveTasks(), dag.startDate(), null,
                datasetExpression(dag), dag.doc(), params, dag.endDate(), null, row.lastParsedAt(), null, null, null);
    }

    private static Map<String, Object> datasetExpression(Dag dag) {
        if (!(dag.timetable() instanceof DatasetTimetable datasets)) {
            return null;
        }
        return Map.of("all", datasets.datasets().stream().map(Dataset::uri).toList());
    }
}
