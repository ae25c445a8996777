package io.pipeline.dag;

import io.pipeline.state.TriggerRule;

import java.time.Duration;

/**
 * Task settings shared by every task of a DAG unless the task sets its own (Airflow's {@code default_args}).
 * Used inside {@code DagBuilder.defaults(d -> d.retries(2).retryDelay(...))}.
 */
public final class TaskDefaults {
    Integer retries;
    Duration retryDelay;
    Boolean exponentialBackoff;
    Duration maxRetryDelay;
    Boolean jitter;
    Duration executionTimeout;
    TriggerRule triggerRule;
    String pool;
    String queue;
    Integer priorityWeight;
    WeightRule weightRule;
    Boolean dependsOnPast;

    TaskDefaults() {
    }

    /** Airflow's {@code depends_on_past} for every task of the DAG (see {@code TaskRef.dependsOnPast}). */
    public TaskDefaults dependsOnPast(boolean value) {
        this.dependsOnPast = value;
        return this;
    }

    public TaskDefaults retries(int value) {
        this.retries = value;
        return this;
    }

    public TaskDefaults retryDelay(Duration value) {
        this.retryDelay = value;
        return this;
    }

    /** Double the delay after each failed try (capped by {@link #maxRetryDelay}). */
    public TaskDefaults exponentialBackoff(boolean value) {
        this.exponentialBackoff = value;
        return this;
    }

    public TaskDefaults maxRetryDelay(Duration value) {
        this.maxRetryDelay = value;
        return this;
    }

    /** Spread exponential delays over [50%, 100%] of their value. */
    public TaskDefaults jitter(boolean value) {
        this.jitter = value;
        return this;
    }

    public TaskDefaults executionTimeout(Duration value) {
        this.executionTimeout = value;
        return this;
    }

    public TaskDefaults triggerRule(TriggerRule value) {
        this.triggerRule = value;
        return this;
    }

    public TaskDefaults pool(String value) {
        this.pool = value;
        return this;
    }

    public TaskDefaults queue(String value) {
        this.queue = value;
        return this;
    }

    public TaskDefaults priorityWeight(int value) {
        this.priorityWeight = value;
        return this;
    }

    /** How the effective priority follows from the weights (Airflow's weight_rule; default downstream). */
    public TaskDefaults weightRule(WeightRule value) {
        this.weightRule = value;
        return this;
    }

    /** A copy with every setting unset here taken from {@code base}. */
    TaskDefaults over(TaskDefaults base) {
        TaskDefaults m = new TaskDefaults();
        m.retries = retries != null ? retries : base.retries;
        m.retryDelay = retryDelay != null ? retryDelay : base.retryDelay;
        m.exponentialBackoff = exponentialBackoff != null ? exponentialBackoff : base.exponentialBackoff;
        m.maxRetryDelay = maxRetryDelay != null ? maxRetryDelay : base.maxRetryDelay;
        m.jitter = jitter != null ? jitter : base.jitter;
        m.executionTimeout = executionTimeout != null ? executionTimeout : base.executionTimeout;
        m.triggerRule = triggerRule != null ? triggerRule : base.triggerRule;
        m.pool = pool != null ? pool : base.pool;
        m.queue = queue != null ? queue : base.queue;
        m.priorityWeight = priorityWeight != null ? priorityWeight : base.priorityWeight;
        m.weightRule = weightRule != null ? weightRule : base.weightRule;
        return m;
    }
}
