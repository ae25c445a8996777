package io.pipeline.ops;

import java.time.Instant;

/**
 * One row of the audit log (Airflow's EventLog): who did what, when, to which DAG / run / task.
 *
 * @param extra JSON text: the operation's scope and the task instances it affected
 */
public record AuditEntry(long id, Instant when, String event, String owner, String dagId, String runId,
                         String taskId, Integer mapIndex, Integer tryNumber, Instant logicalDate, String extra) {
}
