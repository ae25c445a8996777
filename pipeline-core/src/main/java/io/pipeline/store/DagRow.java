package io.pipeline.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A row of the {@code dag} table: what the database knows of a DAG (pause flag, import error, next run). */
public record DagRow(
        String dagId,
        boolean paused,
        boolean active,
        String description,
        String fileloc,
        String owners,
        List<String> tags,
        String scheduleExpression,
        String scheduleDescription,
        boolean catchup,
        Instant startDate,
        Instant endDate,
        int maxActiveRuns,
        int maxActiveTasks,
        String importError,
        Instant nextRunLogicalDate,
        Instant nextRunIntervalStart,
        Instant nextRunIntervalEnd,
        Instant nextRunAfter,
        Instant lastParsedAt) {

    public DagRow {
        Objects.requireNonNull(dagId, "dagId");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean hasImportError() {
        return importError != null;
    }
}
