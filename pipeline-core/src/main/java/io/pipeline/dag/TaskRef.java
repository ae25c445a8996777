package io.pipeline.dag;

import io.pipeline.schedule.Dataset;
import io.pipeline.state.TriggerRule;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.TaskOutput;
import io.pipeline.task.TypeToken;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A task being declared in {@link TaskGraph}: set its options fluently and draw dependencies with
 * {@link #then(TaskRef)}. Options not set here come from the DAG's {@link TaskDefaults}.
 */
public final class TaskRef implements TaskNodes {
    private final TaskGraph graph;
    private final String id;
    private final TaskKind kind;
    private final Function<Set<String>, Object> body; // given the direct downstream ids, makes the body
    private final SensorSpec sensor;
    private final Set<String> upstream = new LinkedHashSet<>();
    private final TaskDefaults own = new TaskDefaults();
    private Integer poolSlots;
    private String expandFrom;
    private String doc;
    private TaskGroup group;
    private final List<Dataset> produces = new ArrayList<>();
    private final List<Dataset> consumes = new ArrayList<>();
    private boolean dependsOnPast;
    private boolean waitForDownstream;

    TaskRef(TaskGraph graph, String id, TaskKind kind, Function<Set<String>, Object> body, SensorSpec sensor) {
        this.graph = graph;
        this.id = id;
        this.kind = kind;
        this.body = body;
        this.sensor = sensor;
    }

    /** A group of tasks, for fan-in: {@code TaskRef.all(a, b).then(c)}. */
    public static TaskRefs all(TaskRef... refs) {
        return new TaskRefs(Arrays.asList(refs));
    }

    public String id() {
        return id;
    }

    /** A typed handle on this task's output for downstream tasks: {@code ctx.input(handle)}. */
    public <T> TaskOutput<T> output(Class<T> type) {
        return TaskOutput.of(id, type);
    }

    public <T> TaskOutput<T> output(TypeToken<T> type) {
        return TaskOutput.of(id, type);
    }

    @Override
    public List<TaskRef> refs() {
        return List.of(this);
    }

    @Override
    public TaskRef after(TaskNodes... upstreamNodes) {
        TaskNodes.super.after(upstreamNodes);
        return this;
    }

    /** Depends on tasks named by id (checked when the DAG is built). Prefer {@link #after} with references. */
    public TaskRef dependsOn(String... taskIds) {
        upstream.addAll(Arrays.asList(taskIds));
        return this;
    }

    /**
     * Dynamic fan-out: one instance of this task per element of {@code source}'s output (a list), each with its own
     * state and tries (Airflow's {@code expand}). {@code source} becomes a direct upstream task.
     */
    public TaskRef expand(TaskRef source) {
        addUpstream(source);
        this.expandFrom = source.id;
        return this;
    }

    /** As {@link #expand(TaskRef)}, by id; the task must also be made a direct upstream task. */
    public TaskRef expand(String sourceTaskId) {
        this.expandFrom = sourceTaskId;
        return this;
    }

    public TaskRef retries(int value) {
        own.retries(value);
        return this;
    }

    public TaskRef retryDelay(Duration value) {
        own.retryDelay(value);
        return this;
    }

    public TaskRef exponentialBackoff(boolean value) {
        own.exponentialBackoff(value);
        return this;
    }

    public TaskRef maxRetryDelay(Duration value) {
        own.maxRetryDelay(value);
        return this;
    }

    public TaskRef jitter(boolean value) {
        own.jitter(value);
        return this;
    }

    public TaskRef executionTimeout(Duration value) {
        own.executionTimeout(value);
        return this;
    }

    public TaskRef triggerRule(TriggerRule value) {
        own.triggerRule(value);
        return this;
    }

    public TaskRef pool(String value) {
        own.pool(value);
        return this;
    }

    /** Uses {@code slots} slots of the pool while running. */
    public TaskRef pool(String value, int slots) {
        own.pool(value);
        this.poolSlots = slots;
        return this;
    }

    public TaskRef queue(String value) {
        own.queue(value);
        return this;
    }

    public TaskRef priorityWeight(int value) {
        own.priorityWeight(value);
        return this;
    }

    /** How this task's effective priority follows from the weights (Airflow's weight_rule; default downstream). */
    public TaskRef weightRule(WeightRule value) {
        own.weightRule(value);
        return this;
    }

    public TaskRef doc(String value) {
        this.doc = value;
        return this;
    }

    /**
     * Datasets a success of this task updates: in the same transaction as the success, one event each for the run's
     * partition key (its {@code partition_key}, else its session, else the partition of its logical date). The task
     * may add events for other keys with {@code ctx.emit(..)}.
     */
    public TaskRef produces(Dataset... datasets) {
        produces.addAll(Arrays.asList(datasets));
        return this;
    }

    /** Datasets this task reads (for the datasets graph; schedule the DAG on them to wait for them). */
    public TaskRef consumes(Dataset... datasets) {
        consumes.addAll(Arrays.asList(datasets));
        return this;
    }

    /**
     * Airflow's {@code depends_on_past}: an instance waits until this task succeeded (or was skipped) in the DAG's
     * previous run (by logical date; for partitioned runs the previous partition's run). The first run does not wait.
     */
    public TaskRef dependsOnPast(boolean value) {
        this.dependsOnPast = value;
        return this;
    }

    /** Airflow's {@code wait_for_downstream}: with depends_on_past, also wait for the previous run's direct downstream. */
    public TaskRef waitForDownstream(boolean value) {
        this.waitForDownstream = value;
        if (value) {
            this.dependsOnPast = true;
        }
        return this;
    }

    void addUpstream(TaskRef up) {
        if (up.graph != graph) {
            graph.problem("task '" + id + "': depends on task '" + up.id + "' declared in another DAG");
            return;
        }
        upstream.add(up.id);
    }

    TaskGraph graph() {
        return graph;
    }

    void group(TaskGroup value) {
        this.group = value;
    }

    /** The innermost task group this task was declared in, or null. */
    TaskGroup group() {
        return group;
    }

    TaskDef toDef(TaskDefaults defaults, Set<String> directDownstream) {
        RetryPolicy retry = new RetryPolicy(
                pick(own.retries, defaults.retries, 0),
                pick(own.retryDelay, defaults.retryDelay, Duration.ofMinutes(5)),
                pick(own.exponentialBackoff, defaults.exponentialBackoff, false),
                pick(own.jitter, defaults.jitter, false),
                pick(own.maxRetryDelay, defaults.maxRetryDelay, null));
        return new TaskDef(id, kind, body.apply(directDownstream), new LinkedHashSet<>(upstream),
                pick(own.triggerRule, defaults.triggerRule, TriggerRule.ALL_SUCCESS), retry,
                pick(own.executionTimeout, defaults.executionTimeout, null),
                pick(own.pool, defaults.pool, TaskDef.DEFAULT_POOL), poolSlots == null ? 1 : poolSlots,
                pick(own.queue, defaults.queue, TaskDef.DEFAULT_QUEUE),
                pick(own.priorityWeight, defaults.priorityWeight, 1), expandFrom, sensor, doc, produces, consumes,
                dependsOnPast || Boolean.TRUE.equals(defaults.dependsOnPast), waitForDownstream,
                pick(own.weightRule, defaults.weightRule, WeightRule.DOWNSTREAM));
    }

    Set<String> upstreamIds() {
        return upstream;
    }

    private static <T> T pick(T own, T shared, T fallback) {
        return own != null ? own : shared != null ? shared : fallback;
    }

    static List<TaskRef> flatten(TaskNodes... nodes) {
        List<TaskRef> out = new ArrayList<>();
        for (TaskNodes n : nodes) {
            out.addAll(n.refs());
        }
        return out;
    }
}
