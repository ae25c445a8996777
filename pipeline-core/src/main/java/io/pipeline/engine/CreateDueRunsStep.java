package io.pipeline.engine;

import io.pipeline.calendar.LiveCalendar;
import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.store.DagRepository;
import io.pipeline.store.DagRunRepository.NewRun;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the scheduled runs whose time has come, for every unpaused DAG without import errors: with catchup, every
 * missed run from the last one on; without, only the latest due. Creation is idempotent (unique dag + logical date),
 * so this step, Quartz's fire and another node's scheduler may all try the same run: exactly one is created. Also
 * keeps the DAG's next-run columns current.
 */
public final class CreateDueRunsStep implements SchedulerStep {
    private static final Logger LOG = LoggerFactory.getLogger(CreateDueRunsStep.class);
    /** Bounds one pass, so that a long catchup does not hold the loop; the next pass continues. */
    static final int MAX_RUNS_PER_DAG_PER_PASS = 100;
    /**
     * Runs created per transaction (with their task instances, in three statements): a thousand DAGs due at the same
     * close are ten transactions instead of a thousand, and no transaction holds its locks for long.
     */
    static final int RUNS_PER_TRANSACTION = 100;

    private final TransactionTemplate tx;
    private final DagRegistry registry;
    private final DagRepository dags;
    private final DagRunRepository runs;
    private final RunCreator creator;
    /**
     * Per DAG, when its next run falls due, as this node last computed it for that loaded definition. A pass skips a
     * DAG whose next run is not due yet without reading the database: with a thousand scheduled DAGs, reading each
     * one's latest run every pass made the pass (and so every scheduling decision behind it) hundreds of ms slower.
     * Recomputed when the DAG is reloaded (another definition object), paused and unpaused, its run falls due, or a
     * calendar override changed any calendar (a closure added or removed moves session schedules at once).
     */
    private final Map<String, NotDueBefore> notDueBefore = new ConcurrentHashMap<>();

    private record NotDueBefore(Dag dag, Instant runAfter, long calendars) {
    }

    public CreateDueRunsStep(Stores stores, TransactionTemplate tx, DagRegistry registry) {
        this.tx = tx;
        this.registry = registry;
        this.dags = stores.dags();
        this.runs = stores.runs();
        this.creator = new RunCreator(stores);
    }

    @Override
    public String name() {
        return "create_due_runs";
    }

    @Override
    public void run(Instant now) {
        List<String> unpaused = dags.unpausedActiveIds();
        notDueBefore.keySet().retainAll(new HashSet<>(unpaused));
        long calendars = LiveCalendar.generation();
        List<Dag> toPlan = new ArrayList<>();
        for (String dagId : unpaused) {
            registry.dag(dagId).filter(Dag::isScheduled).ifPresent(dag -> {
                Instant after = nextRunAfter(dag, calendars);
                if (after == null || !now.isBefore(after)) {
                    toPlan.add(dag);
                }
            });
        }
        createDue(toPlan, now);
    }

    /** The earliest instant at which a DAG's next run falls due, as this step last planned it; null: none known. */
    @Override
    public Instant dueAt() {
        Instant earliest = null;
        for (NotDueBefore n : notDueBefore.values()) {
            if (earliest == null || n.runAfter().isBefore(earliest)) {
                earliest = n.runAfter();
            }
        }
        return earliest;
    }

    /**
     * When the DAG's next run falls due as this step last planned it for this definition and these calendars, or
     * null when it must be planned again (never planned, reloaded, unpaused after a pass forgot it, or a calendar
     * override changed). A DAG without further runs is never cached, so it is planned on every pass, as before.
     */
    private Instant nextRunAfter(Dag dag, long calendars) {
        NotDueBefore known = notDueBefore.get(dag.dagId());
        return known == null || known.dag() != dag || known.calendars() != calendars ? null : known.runAfter();
    }

    /**
     * When the loaded DAG's next scheduled run falls due: from what this step planned last when that still holds,
     * else planned now from its latest run (one read). Empty when the DAG has no further runs. For the Quartz
     * triggers, which follow the same plan.
     */
    public Optional<Instant> nextRunAfter(Dag dag, Instant now) {
        long calendars = LiveCalendar.generation();
        Instant known = nextRunAfter(dag, calendars);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<DagRunInfo> next = RunPlanner.next(dag, runs.latestScheduled(dag.dagId()).orElse(null), now);
        remember(dag, next, calendars);
        return next.map(DagRunInfo::runAfter);
    }

    /** Creates the due runs of one DAG; returns how many were created by this call. */
    public int createDue(Dag dag, Instant now) {
        return createDue(List.of(dag), now);
    }

    /**
     * Creates the due runs of the given DAGs: plans them from each DAG's latest scheduled run (one read for all),
     * then creates them {@link #RUNS_PER_TRANSACTION} to a transaction, many DAGs' runs per statement, and writes
     * every DAG's next run in one statement. Returns how many runs were created by this call (a run another
     * scheduler created first is skipped, and planning goes on after it all the same).
     */
    public int createDue(List<Dag> due, Instant now) {
        if (due.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        long calendars = LiveCalendar.generation();
        Map<String, DagRunRow> latest = runs.latestScheduled(due.stream().map(Dag::dagId).toList());
        long read = System.nanoTime();
        List<RunCreator.Planned> planned = new ArrayList<>();
        List<DagRepository.NextRun> nextRuns = new ArrayList<>(due.size());
        for (Dag dag : due) {
            Optional<DagRunInfo> next = RunPlanner.next(dag, latest.get(dag.dagId()), now);
            int n = 0;
            while (next.isPresent() && !next.get().runAfter().isAfter(now) && n < MAX_RUNS_PER_DAG_PER_PASS) {
                planned.add(new RunCreator.Planned(dag, newRun(dag, next.get(), now)));
                n++;
                next = RunPlanner.next(dag, next.get(), now);
            }
            remember(dag, next, calendars);
            nextRuns.add(new DagRepository.NextRun(dag.dagId(), next.map(DagRunInfo::logicalDate).orElse(null),
                    next.map(i -> i.dataInterval().start()).orElse(null),
                    next.map(i -> i.dataInterval().end()).orElse(null), next.map(DagRunInfo::runAfter).orElse(null)));
        }
        long plannedAt = System.nanoTime();
        int created = 0;
        for (int from = 0; from < planned.size(); from += RUNS_PER_TRANSACTION) {
            List<RunCreator.Planned> batch = planned.subList(from, Math.min(planned.size(), from + RUNS_PER_TRANSACTION));
            List<DagRunRow> made = tx.execute(s -> creator.createAll(batch, now));
            created += made == null ? 0 : made.size();
        }
        long createdAt = System.nanoTime();
        dags.setNextRuns(nextRuns);
        if (created >= RUNS_PER_TRANSACTION) {
            LOG.info("created {} runs of {} due DAGs in {} ms (latest runs read {} ms, planning {} ms, {} transactions"
                            + " {} ms, next runs written {} ms)", created, due.size(), ms(System.nanoTime() - started),
                    ms(read - started), ms(plannedAt - read), (planned.size() + RUNS_PER_TRANSACTION - 1)
                            / RUNS_PER_TRANSACTION, ms(createdAt - plannedAt), ms(System.nanoTime() - createdAt));
        }
        return created;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private void remember(Dag dag, Optional<DagRunInfo> next, long calendars) {
        if (next.isPresent()) {
            notDueBefore.put(dag.dagId(), new NotDueBefore(dag, next.get().runAfter(), calendars));
        } else {
            notDueBefore.remove(dag.dagId());
        }
    }

    static NewRun newRun(Dag dag, DagRunInfo info, Instant now) {
        return new NewRun(dag.dagId(), RunPlanner.scheduledRunId(info.logicalDate()), "scheduled", info.logicalDate(),
                info.dataInterval().start(), info.dataInterval().end(), info.session(), info.runAfter(), "{}", null,
                null, partitionKey(dag, info));
    }

    /** A session-partitioned DAG's run carries its session as partition key. */
    static String partitionKey(Dag dag, DagRunInfo info) {
        return dag.timetable() != null && dag.timetable().partitioning() != null && info.session() != null
                ? info.session().toString() : null;
    }
}
