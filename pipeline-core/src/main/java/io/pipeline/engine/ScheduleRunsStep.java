package io.pipeline.engine;

import io.pipeline.store.ChangedTi;
import io.pipeline.store.DagRunRow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * For every running run: retries and reschedule pokes whose time has come go back to scheduled, every waiting TI is
 * evaluated against its trigger rule (the safety net behind the finishing transaction's own evaluation), the run is
 * rolled up, and its ready TIs are admitted. One short transaction per run; a run locked by a finishing transaction
 * is skipped this pass (it is being moved on anyway).
 */
public final class ScheduleRunsStep implements SchedulerStep {
    static final int MAX_RUNS_PER_PASS = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DagRegistry registry;
    private final RunScheduler scheduler;
    private final Admission admission;
    private final QueueNotifier notifier;

    public ScheduleRunsStep(JdbcClient jdbc, TransactionTemplate tx, DagRegistry registry, RunScheduler scheduler,
                            Admission admission, QueueNotifier notifier) {
        this.notifier = notifier;
        this.jdbc = jdbc;
        this.tx = tx;
        this.registry = registry;
        this.scheduler = scheduler;
        this.admission = admission;
    }

    @Override
    public String name() {
        return "schedule_runs";
    }

    @Override
    public void run(Instant now) {
        List<Long> ids = jdbc.sql("SELECT id FROM dag_run WHERE state = 'running' ORDER BY id LIMIT :limit")
                .param("limit", MAX_RUNS_PER_PASS).query(Long.class).list();
        for (Long id : ids) {
            tx.executeWithoutResult(s -> scheduleRun(id, now));
        }
    }

    private void scheduleRun(long runPk, Instant now) {
        Optional<DagRunRow> locked = jdbc.sql("SELECT * FROM dag_run WHERE id = :id AND state = 'running' "
                        + "FOR UPDATE SKIP LOCKED")
                .param("id", runPk).query(io.pipeline.store.DagRunRepository.MAPPER).optional();
        if (locked.isEmpty()) {
            return;
        }
        DagRunRow run = locked.get();
        DagIndex dag = registry.indexOrNull(run.dagId());
        if (dag == null) {
            return;
        }
        Set<String> pools = new LinkedHashSet<>();
        for (ChangedTi ti : scheduler.scheduleDue(run, now)) {
            pools.add(ti.pool());
        }
        RunScheduler.Result r = scheduler.evaluate(run, dag, null, Set.of(), now);
        pools.addAll(r.poolsTouched());
        scheduler.rollUp(run, dag, now, false);
        if (!pools.isEmpty()) {
            notifier.queued(admission.admit(pools, run.dagId(), now).size());
        }
    }
}
