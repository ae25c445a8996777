package io.pipeline.web.api;

import io.pipeline.engine.RunIds;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A trigger as the engine takes it, from the bound {@link DAGRun} body: the checks that span fields, with errors
 * naming the field (an invalid run id, a malformed date, {@code logical_date} and {@code execution_date} that
 * disagree).
 */
record TriggerRequest(String dagRunId, Instant logicalDate, Map<String, Object> conf, String note,
                      String partitionKey) {

    static TriggerRequest of(DAGRun body) {
        String runIdProblem = RunIds.problem(body.dagRunId()); // the same rule and message as the dashboard and CLI
        if (runIdProblem != null) {
            throw ApiException.badRequest(runIdProblem);
        }
        Instant logical = Instants.field("logical_date", body.logicalDate());
        Instant execution = Instants.field("execution_date", body.executionDate());
        if (logical != null && execution != null && !Objects.equals(logical, execution)) {
            throw ApiException.badRequest("Fields 'logical_date' and 'execution_date' differ; send only logical_date");
        }
        return new TriggerRequest(body.dagRunId(), logical != null ? logical : execution,
                body.conf() == null ? Map.of() : body.conf(), body.note(), body.partitionKey());
    }
}
