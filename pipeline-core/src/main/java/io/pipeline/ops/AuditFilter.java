package io.pipeline.ops;

import java.time.Instant;
import java.util.List;

/**
 * Filters of {@code GET /eventLogs} (Airflow's), each null or empty for "any".
 *
 * @param includedEvents only these events
 * @param excludedEvents none of these events
 * @param before         entries strictly before this instant
 * @param after          entries strictly after this instant
 */
public record AuditFilter(String dagId, String taskId, String runId, Integer mapIndex, Integer tryNumber,
                          String event, String owner, Instant before, Instant after, List<String> includedEvents,
                          List<String> excludedEvents) {

    public AuditFilter {
        includedEvents = includedEvents == null ? List.of() : List.copyOf(includedEvents);
        excludedEvents = excludedEvents == null ? List.of() : List.copyOf(excludedEvents);
    }

    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null, null, null, null, List.of(), List.of());
    }

    public static AuditFilter dag(String dagId) {
        return new AuditFilter(dagId, null, null, null, null, null, null, null, null, List.of(), List.of());
    }
}
