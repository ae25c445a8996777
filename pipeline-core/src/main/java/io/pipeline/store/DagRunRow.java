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
        Instant updatedAt) {

    public DagRunRow {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(logicalDate, "logicalDate");
    }
}
