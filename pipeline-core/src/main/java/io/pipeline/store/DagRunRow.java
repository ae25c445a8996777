package io.pipeline.store;

import io.pipeline.state.DagRunState;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A row of {@code dag_run}: one run of a DAG for one logical date.
 *
 * @param id       the surrogate key other tables refer to
 * @param confJson the run's conf as a JSON object text
 * @param partitionKey the partition (a session or day, YYYY-MM-DD) the run is for, or null
 */
public record DagRunRow(
        long id,
        String dagId,
        String runId,
        String runType,
        DagRunState state,
        Instant logicalDate,
        Instant dataIntervalStart,
        Instant dataIntervalEnd,
        LocalDate sessionDate,
        Instant runAfter,
        String confJson,
        String note,
        Long backfillId,
        Instant createdAt,
        Instant queuedAt,
        Instant startDate,
        Instant endDate,
        Instant updatedAt,
        String partitionKey) {

    /** A run without a partition key. */
    public DagRunRow(long id, String dagId, String runId, String runType, DagRunState state, Instant logicalDate,
                     Instant dataIntervalStart, Instant dataIntervalEnd, LocalDate sessionDate, Instant runAfter,
                     String confJson, String note, Long backfillId, Instant createdAt, Instant queuedAt,
                     Instant startDate, Instant endDate, Instant updatedAt) {
        this(id, dagId, runId, runType, state, logicalDate, dataIntervalStart, dataIntervalEnd, sessionDate, runAfter,
                confJson, note, backfillId, createdAt, queuedAt, startDate, endDate, updatedAt, null);
    }

    public DagRunRow {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(logicalDate, "logicalDate");
    }
}
