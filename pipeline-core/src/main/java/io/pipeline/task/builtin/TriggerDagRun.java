package io.pipeline.task.builtin;

import io.pipeline.task.Task;
import io.pipeline.task.TaskContext;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Triggers a run of another DAG with a partition key and conf (Airflow's TriggerDagRunOperator); the run is created
 * with this task's success, in the same transaction:
 * <pre>{@code
 * b.task("trigger_risk", TriggerDagRun.of("risk_models").samePartition().conf(ctx -> Map.of("source", "eod")));
 * }</pre>
 * Output: the DAG id and key asked for.
 */
public final class TriggerDagRun implements Task {
    private final String dagId;
    private final Function<TaskContext, String> key;
    private final Function<TaskContext, Map<String, Object>> conf;

    private TriggerDagRun(String dagId, Function<TaskContext, String> key, Function<TaskContext, Map<String, Object>> conf) {
        this.dagId = Objects.requireNonNull(dagId, "dagId");
        this.key = key;
        this.conf = conf;
    }

    /** A manual run of {@code dagId} without a partition key and with an empty conf. */
    public static TriggerDagRun of(String dagId) {
        return new TriggerDagRun(dagId, ctx -> null, ctx -> Map.of());
    }

    /** The run for this run's own partition key. */
    public TriggerDagRun samePartition() {
        return new TriggerDagRun(dagId, TaskContext::partitionKey, conf);
    }

    /** The run for the key {@code keyOf} gives (a session date). */
    public TriggerDagRun partition(Function<TaskContext, String> keyOf) {
        return new TriggerDagRun(dagId, Objects.requireNonNull(keyOf, "keyOf"), conf);
    }

    public TriggerDagRun conf(Function<TaskContext, Map<String, Object>> confOf) {
        return new TriggerDagRun(dagId, key, Objects.requireNonNull(confOf, "confOf"));
    }

    @Override
    public Object execute(TaskContext ctx) {
        String k = key.apply(ctx);
        ctx.triggerDagRun(dagId, k, conf.apply(ctx));
        ctx.log().info("asked for a run of DAG {}{}", dagId, k == null ? "" : " for partition " + k);
        return k == null ? Map.of("dag_id", dagId) : Map.of("dag_id", dagId, "partition_key", k);
    }
}
