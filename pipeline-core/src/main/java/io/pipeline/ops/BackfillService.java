package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.ParamValidator;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.StateRecorder;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Page;
import io.pipeline.store.Stores;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backfills (Airflow 3): create one with its runs (or only plan it, a dry run), read its progress, pause, unpause
 * and cancel it. The runs are queued here; the engine's scheduler starts them under the backfill's own
 * max_active_runs, oldest or newest first, never taking the DAG's share from its scheduled runs.
 */
public class BackfillService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TransactionTemplate tx;
    private final Clock clock;
    private final DagRegistry registry;
    private final BackfillRepository repo;
    private final BackfillCreation creation;
    private final StateRecorder recorder;
    private final AuditLog audit;
    private final Runnable wake;
    private final MissingPartitions missing;

    public BackfillService(Stores stores, TransactionTemplate tx, Clock clock, DagRegistry registry,
                           StateRecorder recorder, Runnable wake) {
        this.tx = tx;
        this.clock = clock;
        this.registry = registry;
        this.repo = new BackfillRepository(stores);
        this.recorder = recorder;
        this.audit = new AuditLog(stores.jdbc(), clock);
        OpsRepository ops = new OpsRepository(stores);
        this.creation = new BackfillCreation(stores, repo, new TiClearer(ops, recorder), ops, audit);
        this.wake = wake == null ? () -> { } : wake;
        this.missing = new MissingPartitions(stores.datasets());
    }

    /** What a backfill with this request would do at each logical date, in start order; writes nothing. */
    public List<PlannedRun> plan(BackfillRequest req) {
        Dag dag = validate(req);
        List<DagRunInfo> dates = missing.filter(BackfillPlanner.dates(dag, req), req.missingOf());
        Map<Instant, DagRunRow> existing = existing(req, dates);
        return BackfillPlanner.plan(dates, existing, req.reprocess(), req.runBackwards());
    }

    /**
     * Creates the backfill and queues its runs.
     *
     * @throws OpsConflictException when another backfill of the DAG is still active
     */
    public Backfill create(BackfillRequest req, Actor actor) {
        Dag dag = validate(req);
        List<DagRunInfo> dates = missing.filter(BackfillPlanner.dates(dag, req), req.missingOf());
        String confJson = JSON.writeValueAsString(req.conf());
        BackfillRow row = tx.execute(s -> creation.create(dag, req, dates, confJson, actor, clock.instant()));
        wake.run();
        return new Backfill(row, repo.progress(row.id()));
    }

    public Backfill get(long id) {
        BackfillRow row = repo.find(id).orElseThrow(() -> new BackfillNotFoundException(id));
        return new Backfill(row, repo.progress(id));
    }

    public Page<Backfill> list(String dagId, int limit, int offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0, got limit " + limit
                    + ", offset " + offset);
        }
        Page<BackfillRow> rows = repo.list(dagId, limit, offset);
        return new Page<>(rows.items().stream().map(r -> new Backfill(r, repo.progress(r.id()))).toList(),
                rows.totalEntries());
    }

    /** The backfill's logical dates in start order, each with its run or skip reason. */
    public List<BackfillDate> dates(long id) {
        repo.find(id).orElseThrow(() -> new BackfillNotFoundException(id));
        return repo.dates(id);
    }

    /** Paused: its queued runs wait (running ones finish). */
    public Backfill pause(long id, boolean paused, Actor actor) {
        tx.executeWithoutResult(s -> {
            BackfillRow row = active(id);
            repo.setPaused(id, paused, clock.instant());
            audit.record(actor, paused ? "backfill_pause" : "backfill_unpause", row.dagId(), null, null, null,
                    Map.of("backfill_id", id), null);
        });
        if (!paused) {
            wake.run();
        }
        return get(id);
    }

    /**
     * Cancels (Airflow 3): the backfill is paused and completed, its queued runs are failed; running runs finish.
     *
     * @throws OpsConflictException when it has already completed
     */
    public Backfill cancel(long id, Actor actor) {
        tx.executeWithoutResult(s -> {
            BackfillRow row = active(id);
            Instant now = clock.instant();
            repo.setPaused(id, true, now);
            List<DagRunRow> failed = repo.failQueued(id, now);
            for (DagRunRow r : failed) {
                recorder.run(r, DagRunState.QUEUED, DagRunState.FAILED, now);
            }
            repo.complete(id, now);
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put("backfill_id", id);
            scope.put("queued_runs_failed", failed.size());
            audit.record(actor, "backfill_cancel", row.dagId(), null, null, null, scope, null);
        });
        return get(id);
    }

    private BackfillRow active(long id) {
        BackfillRow row = repo.lock(id).orElseThrow(() -> new BackfillNotFoundException(id));
        if (row.completedAt() != null) {
            throw new OpsConflictException("backfill " + id + " already completed at " + row.completedAt());
        }
        return row;
    }

    private Dag validate(BackfillRequest req) {
        Dag dag = registry.require(req.dagId());
        ConfLimit.check(req.conf());
        ParamValidator.validate(dag.params(), req.conf());
        return dag;
    }

    private Map<Instant, DagRunRow> existing(BackfillRequest req, List<DagRunInfo> dates) {
        Map<Instant, DagRunRow> out = new HashMap<>();
        if (!dates.isEmpty()) {
            for (DagRunRow r : repo.runsBetween(req.dagId(), dates.getFirst().logicalDate(),
                    dates.getLast().logicalDate())) {
                out.put(r.logicalDate(), r);
            }
        }
        return out;
    }
}
