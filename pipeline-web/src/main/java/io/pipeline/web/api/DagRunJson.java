package io.pipeline.web.api;

import io.pipeline.store.DagRunRow;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Airflow's {@code DAGRun} schema; {@code session_date} is ours (the trading session of session schedules), and
 * {@code partition_key} (the session or day a partitioned run is for, as in Airflow 3.2's partitioned runs).
 */
public record DagRunJson(
        String dagRunId,
        String dagId,
        Instant logicalDate,
        Instant executionDate,
        Instant startDate,
        Instant endDate,
        Instant dataIntervalStart,
        Instant dataIntervalEnd,
        Instant lastSchedulingDecision,
        String runType,
        String state,
        boolean externalTrigger,
        JsonNode conf,
        String note,
        LocalDate sessionDate,
        String partitionKey) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Collection(List<DagRunJson> dagRuns, long totalEntries) {
    }

    public static DagRunJson of(DagRunRow r) {
        JsonNode conf = JSON.readTree(r.confJson() == null ? "{}" : r.confJson());
        return new DagRunJson(r.runId(), r.dagId(), r.logicalDate(), r.logicalDate(), r.startDate(), r.endDate(),
                r.dataIntervalStart(), r.dataIntervalEnd(), r.updatedAt(), r.runType(), r.state().value(),
                "manual".equals(r.runType()), conf, r.note(), r.sessionDate(), r.partitionKey());
    }
}
