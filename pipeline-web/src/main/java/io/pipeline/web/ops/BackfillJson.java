package io.pipeline.web.ops;

import io.pipeline.ops.Backfill;
import io.pipeline.ops.BackfillProgress;
import io.pipeline.ops.BackfillRow;
import io.pipeline.ops.PlannedRun;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Airflow 3's {@code BackfillResponse}, with ours: {@code run_backwards}, {@code created_by} and {@code progress}
 * (runs done, running, failed, remaining; dates skipped because a run existed) and
 * {@code only_missing_partitions_of} (the dataset whose missing partitions the backfill was limited to, or null).
 */
public record BackfillJson(long id, String dagId, String dagDisplayName, Instant fromDate, Instant toDate,
                           JsonNode dagRunConf, boolean isPaused, String reprocessBehavior, int maxActiveRuns,
                           boolean runBackwards, String createdBy, Instant createdAt, Instant completedAt,
                           Instant updatedAt, BackfillProgress progress,
                           String onlyMissingPartitionsOf) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A page of backfills. */
    public record Collection(List<BackfillJson> backfills, long totalEntries) {
    }

    /** One logical date a backfill would run (Airflow 3's {@code DryRunBackfillResponse}) and, ours, its session. */
    public record DryRun(Instant logicalDate, LocalDate sessionDate, String action) {
        static DryRun of(PlannedRun p) {
            return new DryRun(p.logicalDate(), p.session(), p.action() == PlannedRun.Action.CREATE ? "create"
                    : "reprocess");
        }
    }

    /** Airflow 3's {@code DryRunBackfillCollectionResponse}. */
    public record DryRunCollection(List<DryRun> backfills, long totalEntries) {
    }

    static BackfillJson of(Backfill b) {
        BackfillRow r = b.row();
        return new BackfillJson(r.id(), r.dagId(), r.dagId(), r.fromDate(), r.toDate(), JSON.readTree(r.confJson()),
                r.paused(), r.reprocess().value(), r.maxActiveRuns(), r.runBackwards(), r.createdBy(), r.createdAt(),
                r.completedAt(), r.updatedAt(), b.progress(), r.onlyMissingPartitionsOf());
    }
}
