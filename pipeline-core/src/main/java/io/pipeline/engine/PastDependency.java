package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.schedule.Partitioning;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.SchedulingRepository;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Airflow's {@code depends_on_past} and {@code wait_for_downstream}, partition-aware: a task instance waits until
 * the same task (and, with wait_for_downstream, its direct downstream tasks) succeeded or was skipped in the
 * previous run. The previous run of a partitioned run is the run of the previous partition (the session before);
 * when that run does not exist while earlier ones do, the series has a gap and the instance waits for it. The first
 * run of a DAG does not wait. The one rule that the scheduler applies and "why not running" explains.
 */
public final class PastDependency {

    /** Why the instance waits: the previous run (null when it is missing) and what it waits for there. */
    public record Wait(String previousRunId, String previousPartition, Set<String> tasks) {
    }

    private static final Set<TaskState> DONE = Set.of(TaskState.SUCCESS, TaskState.SKIPPED);

    private final DagRunRepository runs;
    private final SchedulingRepository states;

    public PastDependency(DagRunRepository runs, SchedulingRepository states) {
        this.runs = runs;
        this.states = states;
    }

    /** Empty when the task may run as far as the past is concerned. */
    public Optional<Wait> check(DagRunRow run, Dag dag, TaskDef task) {
        if (!task.dependsOnPast()) {
            return Optional.empty();
        }
        Set<String> tasks = new LinkedHashSet<>();
        tasks.add(task.taskId());
        if (task.waitForDownstream()) {
            tasks.addAll(dag.downstream(task.taskId()));
        }
        Optional<DagRunRow> earlier = runs.previous(run.dagId(), run.logicalDate());
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        DagRunRow previous = earlier.get();
        Partitioning p = dag.timetable() == null ? null : dag.timetable().partitioning();
        String wantedKey = null;
        if (p != null && run.partitionKey() != null && p.isKey(LocalDate.parse(run.partitionKey()))) {
            LocalDate prev = p.previous(LocalDate.parse(run.partitionKey()));
            wantedKey = prev.toString();
            if (!previous.logicalDate().equals(p.run(prev).logicalDate())) {
                return Optional.of(new Wait(null, wantedKey, tasks)); // a gap: the previous session has no run
            }
        }
        Map<String, Map<TaskState, Integer>> counts = states.states(previous.id(), tasks).counts();
        for (String t : tasks) {
            Map<TaskState, Integer> byState = counts.getOrDefault(t, Map.of());
            boolean allDone = byState.keySet().stream().allMatch(DONE::contains);
            if (!allDone) {
                return Optional.of(new Wait(previous.runId(), wantedKey, tasks));
            }
        }
        return Optional.empty();
    }
}
