package io.pipeline.alert;

import io.pipeline.store.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Instant;

/**
 * Remembers the last outcome of each task that has a recovery alert, so that the first success after a failure
 * (a failed try in this run, or the task's failure in an earlier run) can be told apart from a routine success.
 */
final class RecoveryTracker {

    private static final String UPSERT = """
            INSERT INTO alert_task_outcome (dag_id, task_id, map_index, last_outcome, at)
            VALUES (:dag, :task, :mapIndex, :outcome, :at)
            ON CONFLICT (dag_id, task_id, map_index)
            DO UPDATE SET last_outcome = excluded.last_outcome, at = excluded.at
            """;

    private final JdbcClient jdbc;

    RecoveryTracker(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    void failed(String dagId, String taskId, int mapIndex, Instant at) {
        record(dagId, taskId, mapIndex, "failed", at);
    }

    /** Records a success; true when the previous recorded outcome was a failure. */
    boolean succeededAfterFailure(String dagId, String taskId, int mapIndex, Instant at) {
        String previous = jdbc.sql("""
                        SELECT last_outcome FROM alert_task_outcome
                        WHERE dag_id = :dag AND task_id = :task AND map_index = :mapIndex
                        FOR UPDATE""")
                .param("dag", dagId).param("task", taskId).param("mapIndex", mapIndex)
                .query(String.class)
                .optional()
                .orElse(null);
        record(dagId, taskId, mapIndex, "success", at);
        return "failed".equals(previous);
    }

    private void record(String dagId, String taskId, int mapIndex, String outcome, Instant at) {
        jdbc.sql(UPSERT)
                .param("dag", dagId).param("task", taskId).param("mapIndex", mapIndex)
                .param("outcome", outcome).param("at", Timestamps.toDb(at))
                .update();
    }
}
