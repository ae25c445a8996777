package io.pipeline.engine;

import io.pipeline.calendar.LiveCalendar;
import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.store.DagRepository;
import io.pipeline.store.DagRunRepository.NewRun;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
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
    /** Bounds one pass, so that a long catchup does not hold the loop; the next pass continues. */
    static final int MAX_RUNS_PER_DAG_PER_PASS = 100;

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
        for (String dagId : unpaused) {
            registry.dag(dagId).filter(Dag::isScheduled).ifPresent(dag -> {
                NotDueBefore known = notDueBefore.get(dagId);
                if (known == null || known.dag() != dag || !now.isBefore(known.runAfter())
                        || known.calendars() != LiveCalendar.generation()) {
                    createDue(dag, now);
                }
            });
        }
    }

    /** Creates the due runs of one DAG; returns how many were created by this call. */
    public int createDue(Dag dag, Instant now) {
        int created = 0;
        long calendars = LiveCalendar.generation();
        DagRunRow last = runs.latestScheduled(dag.dagId()).orElse(null);
        Optional<DagRunInfo> next = RunPlanner.next(dag, last, now);
        while (next.isPresent() && !next.get().runAfter().isAfter(now) && created < MAX_RUNS_PER_DAG_PER_PASS) {
            DagRunInfo info = next.get();
            Optional<DagRunRow> run = tx.execute(s -> creator.create(dag, newRun(dag, info, now), now));
            if (run != null && run.isPresent()) {
                created++;
                last = run.get();
            } else {
                last = runs.findByLogicalDate(dag.dagId(), info.logicalDate()).orElse(null);
                if (last == null) {
                    break;
                }
            }
            next = RunPlanner.next(dag, last, now);
        }
        if (next.isPresent()) {
            notDueBefore.put(dag.dagId(), new NotDueBefore(dag, next.get().runAfter(), calendars));
        } else {
            notDueBefore.remove(dag.dagId());
        }
        dags.setNextRun(dag.dagId(), next.map(DagRunInfo::logicalDate).orElse(null),
                next.map(i -> i.dataInterval().start()).orElse(null), next.map(i -> i.dataInterval().end()).orElse(null),
                next.map(DagRunInfo::runAfter).orElse(null));
        return created;
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
