package io.pipeline.ops;

import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the audit log ({@code audit_log}, read through {@code GET /eventLogs}). Called inside the transaction of
 * the operation it records, so an operation and its entry commit or roll back together. The owner is the acting
 * user; the door (api, cli, ui) is in {@code extra}.
 */
public class AuditLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records an operation.
     *
     * @param runId  the run when the operation concerned exactly one, else null
     * @param taskId the task when exactly one, else null
     * @param scope  what was asked (request fields), written into {@code extra}
     * @param tis    the task instances affected (may be empty)
     */
    public void record(Actor actor, String event, String dagId, String runId, String taskId, Instant logicalDate,
                       Map<String, ?> scope, List<TiRef> tis) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("via", actor.via());
        extra.putAll(scope);
        if (tis != null) {
            extra.put("count", tis.size());
            extra.put("task_instances", describe(tis));
        }
        jdbc.sql("""
                INSERT INTO audit_log (event_time, event, owner, dag_id, run_id, task_id, logical_date, extra)
                VALUES (:at, :event, :owner, :dag, :run, :task, :ld, :extra)
                """)
                .param("at", Timestamps.toDb(clock.instant())).param("event", event).param("owner", actor.user())
                .param("dag", dagId).param("run", runId).param("task", taskId)
                .param("ld", Timestamps.toDb(logicalDate)).param("extra", JSON.writeValueAsString(extra))
                .update();
    }

    private static List<Map<String, Object>> describe(List<TiRef> tis) {
        List<Map<String, Object>> out = new ArrayList<>(tis.size());
        for (TiRef t : tis) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", t.runId());
            m.put("task_id", t.taskId());
            if (t.mapIndex() >= 0) {
                m.put("map_index", t.mapIndex());
            }
            m.put("from", t.state().value());
            out.add(m);
        }
        return out;
    }
}
