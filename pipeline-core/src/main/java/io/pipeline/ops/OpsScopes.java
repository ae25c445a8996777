package io.pipeline.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scope of an operation as the audit log records it, in the request's (Airflow's) field names. */
final class OpsScopes {

    private OpsScopes() {
    }

    static Map<String, Object> of(ClearRequest r, List<String> tasks) {
        Map<String, Object> m = common(r.tasks(), r.runs(), tasks);
        m.put("only_failed", r.onlyFailed());
        m.put("only_running", r.onlyRunning());
        m.put("reset_dag_runs", r.resetDagRuns());
        return m;
    }

    static Map<String, Object> of(MarkRequest r, List<String> tasks) {
        Map<String, Object> m = common(r.tasks(), r.runs(), tasks);
        m.put("new_state", r.newState().value());
        if (!r.mapIndexes().isEmpty()) {
            m.put("map_indexes", r.mapIndexes());
        }
        return m;
    }

    private static Map<String, Object> common(TaskScope t, RunScope runs, List<String> tasks) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!t.taskIds().isEmpty()) {
            m.put("task_ids", t.taskIds());
        }
        if (t.regex() != null) {
            m.put("task_regex", t.regex());
        }
        m.put("include_upstream", t.upstream());
        m.put("include_downstream", t.downstream());
        if (runs.runId() != null) {
            m.put("dag_run_id", runs.runId());
        }
        if (runs.start() != null) {
            m.put("start_date", runs.start().toString());
        }
        if (runs.end() != null) {
            m.put("end_date", runs.end().toString());
        }
        m.put("include_past", runs.past());
        m.put("include_future", runs.future());
        m.put("tasks_selected", tasks.size());
        return m;
    }
}
