package io.pipeline.engine;

import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

/**
 * Starts the queued runs of each active, unpaused backfill (of an unpaused DAG) while the backfill has fewer than
 * its own max_active_runs running, oldest logical date first or, for a backwards backfill, newest first. Backfill
 * runs do not count against the DAG's max_active_runs, so scheduled runs keep their share however long a backfill
 * is. A backfill with no queued or running run left is marked completed. The backfill's row is locked while
 * counting, so that two schedulers never start more than its limit.
 */
public final class StartBackfillRunsStep implements SchedulerStep {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DagRegistry registry;
    private final StartQueuedRunsStep starter;

    public StartBackfillRunsStep(JdbcClient jdbc, TransactionTemplate tx, DagRegistry registry,
                                 StartQueuedRunsStep starter) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.registry = registry;
        this.starter = starter;
    }

    @Override
    public String name() {
        return "start_backfill_runs";
    }

    @Override
    public void run(Instant now) {
        List<Long> ids = jdbc.sql("""
                SELECT b.id FROM backfill b JOIN dag d ON d.dag_id = b.dag_id
                WHERE b.completed_at IS NULL AND NOT b.is_paused AND NOT d.is_paused AND d.import_error IS NULL
                ORDER BY b.id
                """)
                .query(Long.class).list();
        for (Long id : ids) {
            tx.executeWithoutResult(s -> start(id, now));
        }
    }

    private void start(long backfillId, Instant now) {
        record Locked(String dagId, int maxActiveRuns, boolean backwards) {
        }
        Locked b = jdbc.sql("""
                SELECT dag_id, max_active_runs, run_backwards FROM backfill
                WHERE id = :id AND completed_at IS NULL AND NOT is_paused FOR UPDATE
                """)
                .param("id", backfillId)
                .query((rs, n) -> new Locked(rs.getString("dag_id"), rs.getInt("max_active_runs"),
                        rs.getBoolean("run_backwards")))
                .optional().orElse(null);
        DagIndex dag = b == null ? null : registry.indexOrNull(b.dagId());
        if (dag == null) {
            return;
        }
        int[] counts = new int[2];
        jdbc.sql("""
                SELECT state, count(*) AS n FROM dag_run WHERE backfill_id = :b AND state IN ('queued', 'running')
                GROUP BY state
                """)
                .param("b", backfillId)
                .query(rs -> {
                    counts["running".equals(rs.getString("state")) ? 1 : 0] = rs.getInt("n");
                });
        if (counts[0] == 0 && counts[1] == 0) {
            jdbc.sql("UPDATE backfill SET completed_at = :now, updated_at = :now WHERE id = :id")
                    .param("now", Timestamps.toDb(now)).param("id", backfillId).update();
            return;
        }
        int room = b.maxActiveRuns() - counts[1];
        if (room <= 0 || counts[0] == 0) {
            return;
        }
        List<Long> queued = jdbc.sql("SELECT id FROM dag_run WHERE backfill_id = :b AND state = 'queued' ORDER BY "
                        + (b.backwards() ? "logical_date DESC" : "logical_date") + " LIMIT :room FOR UPDATE SKIP LOCKED")
                .param("b", backfillId).param("room", room).query(Long.class).list();
        for (Long id : queued) {
            starter.startRun(dag, id, now);
        }
    }
}
