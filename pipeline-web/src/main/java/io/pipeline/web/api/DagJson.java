package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pipeline.store.DagRow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Airflow's {@code DAG} schema, from the {@code dag} table. Fields Airflow has but we do not model are null. */
public record DagJson(
        String dagId,
        String dagDisplayName,
        Boolean isPaused,
        Boolean isActive,
        Instant lastParsedTime,
        Instant lastPickled,
        Instant lastExpired,
        Boolean schedulerLock,
        String pickleId,
        String defaultView,
        String fileloc,
        String fileToken,
        List<String> owners,
        String description,
        ScheduleInterval scheduleInterval,
        String timetableDescription,
        List<Tag> tags,
        Integer maxActiveTasks,
        Integer maxActiveRuns,
        Boolean hasTaskConcurrencyLimits,
        Boolean hasImportErrors,
        Instant nextDagrun,
        Instant nextDagrunDataIntervalStart,
        Instant nextDagrunDataIntervalEnd,
        Instant nextDagrunCreateAfter,
        Integer maxConsecutiveFailedDagRuns) {

    /** Airflow's {@code CronExpression} variant of {@code ScheduleInterval}; our session schedules use it too. */
    public record ScheduleInterval(@JsonProperty("__type") String type, String value) {
    }

    public record Tag(String name) {
    }

    public record Collection(List<DagJson> dags, long totalEntries) {
    }

    public static DagJson of(DagRow d) {
        List<String> owners = d.owners() == null || d.owners().isBlank() ? List.of()
                : Arrays.stream(d.owners().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        // Manual-only DAGs store Airflow's "None"; Airflow's API shows them with a null schedule_interval.
        ScheduleInterval schedule = d.scheduleExpression() == null || "None".equals(d.scheduleExpression()) ? null
                : new ScheduleInterval("CronExpression", d.scheduleExpression());
        String token = d.fileloc() == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(d.fileloc().getBytes(StandardCharsets.UTF_8));
        return new DagJson(d.dagId(), d.dagId(), d.paused(), d.active(), d.lastParsedAt(), null, null, null, null,
                "grid", d.fileloc(), token, owners, d.description(), schedule, d.scheduleDescription(),
                d.tags().stream().map(Tag::new).toList(), d.maxActiveTasks(), d.maxActiveRuns(), false,
                d.hasImportError(), d.nextRunLogicalDate(), d.nextRunIntervalStart(), d.nextRunIntervalEnd(),
                d.nextRunAfter(), 0);
    }
}
