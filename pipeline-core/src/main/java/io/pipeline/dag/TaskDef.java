package io.pipeline.dag;

import io.pipeline.state.TriggerRule;
import io.pipeline.task.BranchTask;
import io.pipeline.task.Sensor;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.ShortCircuitTask;
import io.pipeline.task.Task;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
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
        String doc) {

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
        queue = queue == null ? DEFAULT_QUEUE : queue;
        if (queue.isBlank()) {
            throw new IllegalArgumentException(where + "queue name is blank");
        }
    }

    public boolean isMapped() {
        return expandFrom != null;
    }

    /** Tries allowed in total: retries + 1. */
    public int maxTries() {
        return retryPolicy.retries() + 1;
    }

    public TaskDef withUpstream(Set<String> newUpstream) {
        return new TaskDef(taskId, kind, body, newUpstream, triggerRule, retryPolicy, executionTimeout, pool,
                poolSlots, queue, priorityWeight, expandFrom, sensor, doc);
    }

    public TaskDef withBody(Object newBody) {
        return new TaskDef(taskId, kind, newBody, upstream, triggerRule, retryPolicy, executionTimeout, pool,
                poolSlots, queue, priorityWeight, expandFrom, sensor, doc);
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
