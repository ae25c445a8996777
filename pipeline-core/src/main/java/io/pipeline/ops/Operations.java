package io.pipeline.ops;

import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.StateRecorder;
import io.pipeline.store.DagRow;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's actions, one service for the API, the CLI and the UI: trigger, clear, mark, pause / unpause and
 * delete a run. Each action is one transaction that also writes its audit-log entry. State changes of task
 * instances go through the transition table and are announced to the engine's listeners; after a change the
 * {@code wake} hook (the scheduler loop's wake-up) lets the scheduler react without waiting for its next pass.
 */
public class Operations {

    private final TransactionTemplate tx;
    private final DagRegistry registry;
    private final DagRunService dagRuns;
    private final AuditLog audit;
    private final ClearOperation clears;
    private final MarkOperation marks;
    private final RunDeletion deletion;
    private final Runnable wake;
    private final DagRunRepository runs;

    public Operations(Stores stores, TransactionTemplate tx, Clock clock, DagRegistry registry,
                      DagRunService dagRuns, StateRecorder recorder, Runnable wake) {
        this.tx = tx;
        this.registry = registry;
        this.dagRuns = dagRuns;
        this.audit = new AuditLog(stores.jdbc(), clock);
        this.wake = wake == null ? () -> { } : wake;
        this.runs = stores.runs();
        OpsRepository repo = new OpsRepository(stores);
        TiClearer clearer = new TiClearer(repo, recorder);
        OpsContext ops = new OpsContext(tx, clock, registry, runs, repo, clearer, audit);
        this.clears = new ClearOperation(ops);
        this.marks = new MarkOperation(ops, recorder);
        this.deletion = new RunDeletion(stores.jdbc(), tx, runs, audit);
    }

    /**
     * A manual run; the conf is size-capped and validated against the DAG's params before the run exists.
     *
     * @throws io.pipeline.dag.ParamValidationException naming each bad param
     * @throws io.pipeline.engine.DagRunConflictException when the run id or logical date is taken
     */
    public DagRunRow trigger(String dagId, String runId, Instant logicalDate, Map<String, Object> conf, String note,
                             Actor actor) {
        return trigger(dagId, runId, logicalDate, conf, note, null, actor);
    }

    /** A trigger for a partition key (see {@code DagRunService.trigger}); the key is in the audit entry. */
    public DagRunRow trigger(String dagId, String runId, Instant logicalDate, Map<String, Object> conf, String note,
                             String partitionKey, Actor actor) {
        ConfLimit.check(conf);
        DagRunRow run = tx.execute(s -> {
            DagRunRow created = dagRuns.trigger(dagId, runId, logicalDate, conf, note, partitionKey);
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put("conf", conf == null ? Map.of() : conf);
            if (partitionKey != null) {
                scope.put("partition_key", partitionKey);
            }
            if (note != null) {
                scope.put("note", note);
            }
            audit.record(actor, "trigger", dagId, created.runId(), null, created.logicalDate(), scope, null);
            return created;
        });
        wake.run();
        return run;
    }

    /** @return the TIs cleared (or, in a dry run, that would be) */
    public List<TiRef> clear(ClearRequest request, Actor actor) {
        List<TiRef> tis = clears.clear(request, actor);
        if (!request.dryRun()) {
            wake.run();
        }
        return tis;
    }

    /** @return the TIs whose state was set (or, in a dry run, would be) */
    public List<TiRef> mark(MarkRequest request, Actor actor) {
        List<TiRef> tis = marks.mark(request, actor);
        if (!request.dryRun()) {
            wake.run();
        }
        return tis;
    }

    /**
     * Fails a run as Airflow's {@code PATCH dagRuns/{id}} with state failed: running, deferred and reschedule-waiting
     * TIs become failed, the other unfinished ones skipped, and the run failed (from queued, running or success).
     *
     * @return the TIs changed, with their previous states
     * @throws io.pipeline.engine.DagRunNotFoundException when the run does not exist
     */
    public List<TiRef> failRun(String dagId, String runId, Actor actor) {
        List<TiRef> tis = marks.failRun(dagId, runId, actor);
        wake.run();
        return tis;
    }

    /**
     * Marks a run successful as Airflow's {@code PATCH dagRuns/{id}} with state success: every task instance not yet
     * successful (and not removed) becomes success, a running try ending, and the run becomes success at once (from
     * queued, running or failed).
     *
     * @return the TIs changed, with their previous states
     * @throws io.pipeline.engine.DagRunNotFoundException when the run does not exist
     */
    public List<TiRef> succeedRun(String dagId, String runId, Actor actor) {
        List<TiRef> tis = marks.succeedRun(dagId, runId, actor);
        wake.run();
        return tis;
    }

    /**
     * Puts a run back in the queue as Airflow's {@code PATCH dagRuns/{id}} with state queued: only the run moves
     * (from running, success or failed), its task instances keep their states.
     *
     * @return true when the run moved, false when it was queued already
     * @throws io.pipeline.engine.DagRunNotFoundException when the run does not exist
     */
    public boolean queueRun(String dagId, String runId, Actor actor) {
        boolean moved = marks.queueRun(dagId, runId, actor);
        wake.run();
        return moved;
    }

    /** Paused: no new scheduled runs and queued runs wait; running runs finish. */
    public DagRow pause(String dagId, boolean paused, Actor actor) {
        DagRow row = tx.execute(s -> {
            DagRow r = registry.pause(dagId, paused);
            audit.record(actor, paused ? "pause" : "unpause", dagId, null, null, null, Map.of("is_paused", paused),
                    null);
            return r;
        });
        if (!paused) {
            wake.run();
        }
        return row;
    }

    /** The DAG's run at this logical date (Airflow's execution_date), if there is one. */
    public Optional<DagRunRow> runAt(String dagId, Instant logicalDate) {
        return runs.findByLogicalDate(dagId, logicalDate);
    }

    /** @throws io.pipeline.engine.DagRunNotFoundException when there is no such run */
    public void deleteRun(String dagId, String runId, Actor actor) {
        deletion.delete(dagId, runId, actor);
    }
}
