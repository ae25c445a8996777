package io.pipeline.dag;

import java.time.Duration;
import java.util.Set;

/**
 * The definition of one task in a DAG (what to run and how), independent of any run.
 *
 * @param body           a {@code Task}, {@code Sensor}, {@code BranchTask} or {@code ShortCircuitTask}, matching kind
 * @param upstream       ids of the direct upstream tasks
 * @param expandFrom     id of an upstream task whose output (a JSON array) this task is expanded over, or null
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

    public boolean isMapped() {
        return expandFrom != null;
    }

    /** Tries allowed in total: retries + 1. */
    public int maxTries() {
        return retryPolicy.retries() + 1;
    }
}
