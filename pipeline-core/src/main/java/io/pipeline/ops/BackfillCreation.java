package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transaction that creates a backfill: the DAG row is locked (so two backfills of a DAG cannot both start, and
 * run admission sees all or nothing), existing runs to reprocess are locked in id order and cleared, new runs and
 * their TIs are inserted in bulk, and every logical date is recorded with its run or skip reason.
 */
final class BackfillCreation {

    private final JdbcClient jdbc;
    private final BackfillRepository repo;
    private final TiClearer clearer;
    private final OpsRepository ops;
    private final BackfillRunWriter writer;
    private final AuditLog audit;

    BackfillCreation(Stores stores, BackfillRepository repo, TiClearer clearer, OpsRepository ops, AuditLog audit) {
        this.jdbc = stores.jdbc();
        this.repo = repo;
        this.clearer = clearer;
        this.ops = ops;
        this.writer = new BackfillRunWriter(stores);
        this.audit = audit;
    }

    BackfillRow create(Dag dag, BackfillRequest req, List<DagRunInfo> dates, String confJson, Actor actor,
                       Instant now) {
        jdbc.sql("SELECT 1 FROM dag WHERE dag_id = :dag FOR UPDATE").param("dag", dag.dagId()).query(Integer.class)
                .optional();
        repo.active(dag.dagId()).ifPresent(b -> {
            throw new OpsConflictException("backfill " + b.id() + " of DAG '" + dag.dagId()
                    + "' is still active; cancel it or wait until it completes");
        });
        BackfillRow row = repo.insert(req, confJson, actor.user(), now);
        Map<Instant, DagRunRow> existing = new HashMap<>();
        if (!dates.isEmpty()) {
            repo.runsBetween(dag.dagId(), dates.getFirst().logicalDate(), dates.getLast().logicalDate())
                    .forEach(r -> existing.put(r.logicalDate(), r));
        }
        List<PlannedRun> plan = BackfillPlanner.plan(dates, existing, req.reprocess(), req.runBackwards());
        Map<Instant, Long> runPks = new HashMap<>(reprocess(dag, plan, existing, req.reprocess(), row.id(), actor,
                now));
        Map<Instant, DagRunInfo> byDate = new LinkedHashMap<>();
        dates.forEach(d -> byDate.put(d.logicalDate(), d));
        List<DagRunInfo> toCreate = plan.stream().filter(p -> p.action() == PlannedRun.Action.CREATE)
                .map(p -> byDate.get(p.logicalDate())).toList();
        runPks.putAll(writer.create(dag, toCreate, row.id(), confJson, now));
        recordDates(row.id(), plan, runPks);
        audit.record(actor, "backfill_create", dag.dagId(), null, null, null, scope(req, row, plan, runPks), null);
        return row;
    }

    /** Clears the runs to reprocess (all TIs, or the failed ones) and hands them to the backfill. */
    private Map<Instant, Long> reprocess(Dag dag, List<PlannedRun> plan, Map<Instant, DagRunRow> existing,
                                         ReprocessBehavior behavior, long backfillId, Actor actor, Instant now) {
        Map<Instant, Long> adopted = new HashMap<>();
        long[] ids = plan.stream().filter(p -> p.action() == PlannedRun.Action.REPROCESS)
                .mapToLong(p -> existing.get(p.logicalDate()).id()).sorted().toArray();
        if (ids.length == 0) {
            return adopted;
        }
        Map<Long, DagRunRow> locked = new LinkedHashMap<>();
        repo.lockRuns(ids).forEach(r -> locked.put(r.id(), r));
        Set<TaskState> states = behavior == ReprocessBehavior.FAILED
                ? EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED) : Set.of();
        List<OpsTi> tis = ops.instances(locked.keySet(), null, states, true);
        clearer.clear(dag, locked, tis, true, "reprocessed by backfill " + backfillId + " of " + actor.user(), now);
        repo.adopt(ids, backfillId, now);
        locked.values().forEach(r -> adopted.put(r.logicalDate(), r.id()));
        return adopted;
    }

    private void recordDates(long backfillId, List<PlannedRun> plan, Map<Instant, Long> runPks) {
        int n = plan.size();
        String[] lds = new String[n];
        Long[] runs = new Long[n];
        String[] reasons = new String[n];
        for (int i = 0; i < n; i++) {
            PlannedRun p = plan.get(i);
            lds[i] = p.logicalDate().toString();
            runs[i] = runPks.get(p.logicalDate());
            reasons[i] = runs[i] != null ? null
                    : p.action().runs() ? PlannedRun.Action.SKIP_ALREADY_EXISTS.reason() : p.action().reason();
        }
        repo.insertDates(backfillId, lds, runs, reasons);
    }

    private static Map<String, Object> scope(BackfillRequest req, BackfillRow row, List<PlannedRun> plan,
                                             Map<Instant, Long> runPks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backfill_id", row.id());
        m.put("from_date", req.from().toString());
        m.put("to_date", req.to().toString());
        m.put("reprocess_behavior", req.reprocess().value());
        m.put("max_active_runs", req.maxActiveRuns());
        m.put("run_backwards", req.runBackwards());
        m.put("logical_dates", plan.size());
        m.put("runs_created", plan.stream().filter(p -> p.action() == PlannedRun.Action.CREATE
                && runPks.containsKey(p.logicalDate())).count());
        m.put("runs_reprocessed", plan.stream().filter(p -> p.action() == PlannedRun.Action.REPROCESS).count());
        List<String> skipped = new ArrayList<>();
        plan.stream().filter(p -> !runPks.containsKey(p.logicalDate())).forEach(p -> skipped.add(p.logicalDate()
                .toString()));
        m.put("dates_skipped", skipped.size());
        return m;
    }
}
