package io.pipeline.dag;

import io.pipeline.schedule.Dataset;
import io.pipeline.state.TriggerRule;
import io.pipeline.task.BranchTask;
import io.pipeline.task.Sensor;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.ShortCircuitTask;
import io.pipeline.task.Task;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The definition of one task in a DAG (what to run and how), independent of any run. Usually built with the DSL
 * ({@link DagBuilder}); the constructor fills defaults for null trigger rule, retry policy, pool and queue, and
 * rejects an invalid id, a body that does not match the kind, or a sensor without its spec.
 *
 * @param body           a {@code Task}, {@code Sensor}, {@code BranchTask} or {@code ShortCircuitTask}, matching kind
 * @param upstream       ids of the direct upstream tasks
 * @param expandFrom     id of a direct upstream task whose output (a JSON array) this task is expanded over, or null
 * @param executionTimeout null for none
 * @param sensor         non-null exactly for SENSOR tasks
 * @param pool           pool name ({@code default_pool} unless set)
 * @param queue          worker queue ({@code default} unless set)
 * @param produces       datasets a success of this task updates (an event each, for the run's partition key)
 * @param consumes       datasets this task reads (shown on the datasets graph; scheduling waits only through the
 *                       DAG's data schedule)
 * @param dependsOnPast  the instance waits until the same task succeeded (or was skipped) in the previous run
 *                       (for partitioned runs, the previous partition's run)
 * @param waitForDownstream with dependsOnPast: also waits for the previous run's direct downstream of this task
 * @param weightRule     how the effective priority follows from the weights ({@link WeightRule#DOWNSTREAM} unless
 *                       set, as in Airflow)
 */
public record TaskDef(
        String taskId,
        TaskKind kind,
        Object body,
        Set<String> upstream,
        TriggerRule triggerRule,
        RetryPolicy retryPolicy,
        Duration executionTimeout,
        String pool,
        int poolSlots,
        String queue,
        int priorityWeight,
        String expandFrom,
        SensorSpec sensor,
        String doc,
        List<Dataset> produces,
        List<Dataset> consumes,
        boolean dependsOnPast,
        boolean waitForDownstream,
        WeightRule weightRule) {

    public static final String DEFAULT_POOL = "default_pool";
    public static final String DEFAULT_QUEUE = "default";

    public TaskDef {
        String idProblem = Ids.problem("task", taskId);
        if (idProblem != null) {
            throw new IllegalArgumentException(idProblem);
        }
        String where = "task '" + taskId + "': ";
        Objects.requireNonNull(kind, where + "kind");
        if (body == null) {
            throw new IllegalArgumentException(where + "has no body");
        }
        if (!bodyMatches(kind, body)) {
            throw new IllegalArgumentException(where + "kind " + kind + " needs a " + expectedType(kind).getSimpleName()
                    + " body, got " + body.getClass().getName());
        }
        if ((kind == TaskKind.SENSOR) != (sensor != null)) {
            throw new IllegalArgumentException(where + (sensor == null
                    ? "a sensor needs a SensorSpec (poke interval, timeout, mode)"
                    : "only sensors take a SensorSpec"));
        }
        upstream = upstream == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(upstream));
        triggerRule = triggerRule == null ? TriggerRule.ALL_SUCCESS : triggerRule;
        retryPolicy = retryPolicy == null ? RetryPolicy.none() : retryPolicy;
        if (executionTimeout != null && (executionTimeout.isNegative() || executionTimeout.isZero())) {
            throw new IllegalArgumentException(where + "execution timeout must be positive, got " + executionTimeout);
        }
        pool = pool == null ? DEFAULT_POOL : pool;
        if (pool.isBlank()) {
            throw new IllegalArgumentException(where + "pool name is blank");
        }
        if (poolSlots < 1) {
            throw new IllegalArgumentException(where + "pool slots must be >= 1, got " + poolSlots);
        }
        produces = produces == null ? List.of() : List.copyOf(produces);
        consumes = consumes == null ? List.of() : List.copyOf(consumes);
        queue = queue == null ? DEFAULT_QUEUE : queue;
        if (queue.isBlank()) {
            throw new IllegalArgumentException(where + "queue name is blank");
        }
        weightRule = weightRule == null ? WeightRule.DOWNSTREAM : weightRule;
    }

    /** A task with the default weight rule. */
    public TaskDef(String taskId, TaskKind kind, Object body, Set<String> upstream, TriggerRule triggerRule,
                   RetryPolicy retryPolicy, Duration executionTimeout, String pool, int poolSlots, String queue,
                   int priorityWeight, String expandFrom, SensorSpec sensor, String doc, List<Dataset> produces,
                   List<Dataset> consumes, boolean dependsOnPast, boolean waitForDownstream) {
        this(taskId, kind, body, upstream, triggerRule, retryPolicy, executionTimeout, pool, poolSlots, queue,
                priorityWeight, expandFrom, sensor, doc, produces, consumes, dependsOnPast, waitForDownstream, null);
    }

    public boolean isMapped() {
        return expandFrom != null;
    }

    /** Tries allowed in total: retries + 1. */
    public int maxTries() {
        return retryPolicy.retries() + 1;
    }

    /** A task without datasets and without depends_on_past. */
    public TaskDef(String taskId, TaskKind kind, Object body, Set<String> upstream, TriggerRule triggerRule,
                   RetryPolicy retryPolicy, Duration executionTimeout, String pool, int poolSlots, String queue,
                   int priorityWeight, String expandFrom, SensorSpec sensor, String doc) {
        this(taskId, kind, body, upstream, triggerRule, retryPolicy, executionTimeout, pool, poolSlots, queue,
                priorityWeight, expandFrom, sensor, doc, List.of(), List.of(), false, false);
    }

    public TaskDef withUpstream(Set<String> newUpstream) {
        return new TaskDef(taskId, kind, body, newUpstream, triggerRule, retryPolicy, executionTimeout, pool,
                poolSlots, queue, priorityWeight, expandFrom, sensor, doc, produces, consumes, dependsOnPast,
                waitForDownstream, weightRule);
    }

    public TaskDef withBody(Object newBody) {
        return new TaskDef(taskId, kind, newBody, upstream, triggerRule, retryPolicy, executionTimeout, pool,
                poolSlots, queue, priorityWeight, expandFrom, sensor, doc, produces, consumes, dependsOnPast,
                waitForDownstream, weightRule);
    }

    static boolean bodyMatches(TaskKind kind, Object body) {
        return expectedType(kind).isInstance(body);
    }

    static Class<?> expectedType(TaskKind kind) {
        return switch (kind) {
            case TASK -> Task.class;
            case SENSOR -> Sensor.class;
            case BRANCH -> BranchTask.class;
            case SHORT_CIRCUIT -> ShortCircuitTask.class;
        };
    }
}
