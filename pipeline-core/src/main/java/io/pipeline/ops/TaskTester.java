package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.TaskResources;
import io.pipeline.engine.TryLog;
import io.pipeline.engine.XComCodec;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.SessionTimetable;
import io.pipeline.task.BranchTask;
import io.pipeline.task.PokeResult;
import io.pipeline.task.Sensor;
import io.pipeline.task.ShortCircuitTask;
import io.pipeline.task.Task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Runs one task of a DAG in this process for a date, as Airflow's {@code tasks test} does: no scheduler, no
 * database, nothing recorded. The task sees the run it would have on that date (for a session schedule, the run of
 * that session), the DAG's params with the given conf, and upstream outputs only as given. A sensor is poked once.
 */
public final class TaskTester {

    private final Clock clock;
    private final TaskResources resources;
    private final SecretMasker masker;
    private final XComCodec codec = new XComCodec();

    public TaskTester(Clock clock, TaskResources resources, SecretMasker masker) {
        this.clock = clock;
        this.resources = resources;
        this.masker = masker;
    }

    /**
     * @param date     a session or calendar date: the run of that date in the DAG's zone
     * @param mapIndex -1 for an unmapped task; the instance of a mapped task
     * @param inputs   upstream task id -> its output as JSON
     * @throws TaskNotFoundException when the DAG has no such task
     */
    public TaskTestResult test(Dag dag, String taskId, LocalDate date, Map<String, Object> conf,
                               Map<String, String> inputs, int mapIndex) {
        if (!dag.hasTask(taskId)) {
            throw new TaskNotFoundException(dag.dagId(), taskId);
        }
        TaskDef task = dag.task(taskId);
        if (task.isMapped() != mapIndex >= 0) {
            throw new IllegalArgumentException(task.isMapped() ? "task '" + taskId + "' is mapped: give --map-index"
                    : "task '" + taskId + "' is not mapped: --map-index does not apply");
        }
        ConfLimit.check(conf);
        DagRunInfo run = runOn(dag, date);
        TryLog log = new TryLog(dag.dagId() + "/test/" + taskId, clock, masker);
        TaskTestContext ctx = new TaskTestContext(dag, task, run, mapIndex, conf, inputs, log, clock, codec,
                resources);
        Instant start = clock.instant();
        log.engine("testing " + dag.dagId() + "/" + taskId + (mapIndex >= 0 ? "[" + mapIndex + "]" : "")
                + " for logical date " + run.logicalDate() + (run.session() == null ? "" : " (session "
                + run.session() + ")") + "; nothing is recorded");
        try {
            Outcome o = execute(dag, task, ctx);
            return new TaskTestResult(true, o.json, o.skip, null, log.drain(), Duration.between(start, clock.instant()));
        } catch (Exception e) {
            log.error("task failed", e);
            return new TaskTestResult(false, null, Set.of(), String.valueOf(e), log.drain(),
                    Duration.between(start, clock.instant()));
        }
    }

    /** The run the DAG has on that date: its session's run, else a manual run at the start of the day. */
    static DagRunInfo runOn(Dag dag, LocalDate date) {
        if (dag.timetable() instanceof SessionTimetable s && s.calendar().isSession(date)) {
            try {
                return s.runFor(date);
            } catch (IllegalArgumentException notARunDay) {
                // a session the schedule does not run on (e.g. not the last of the week): a manual run instead
            }
        }
        Instant logical = BackfillDates.start(dag, date);
        return dag.timetable() == null ? new DagRunInfo(logical, io.pipeline.schedule.DataInterval.exact(logical),
                logical, null) : dag.timetable().manualRun(logical);
    }

    private record Outcome(String json, Set<String> skip) {
    }

    private Outcome execute(Dag dag, TaskDef task, TaskTestContext ctx) throws Exception {
        String label = dag.dagId() + "/" + task.taskId();
        return switch (task.kind()) {
            case TASK -> new Outcome(codec.write(label, ((Task) task.body()).execute(ctx)), Set.of());
            case BRANCH -> {
                Collection<String> chosen = ((BranchTask) task.body()).choose(ctx);
                yield new Outcome(codec.write(label, chosen), dag.branchSkips(task.taskId(),
                        chosen == null ? Set.of() : chosen));
            }
            case SHORT_CIRCUIT -> {
                boolean proceed = ((ShortCircuitTask) task.body()).proceed(ctx);
                yield new Outcome(codec.write(label, proceed), proceed ? Set.of() : dag.allDownstream(task.taskId()));
            }
            case SENSOR -> {
                PokeResult r = ((Sensor) task.body()).poke(ctx);
                ctx.log().info(r.done() ? "sensor condition met" : "sensor condition not met (poked once)");
                yield new Outcome(codec.write(label, r.done() ? r.output() : null), Set.of());
            }
        };
    }
}
