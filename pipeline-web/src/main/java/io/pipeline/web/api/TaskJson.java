package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Airflow's {@code Task} schema for a task definition of a loaded DAG. {@code sub_dag} (a DAG, which the schema
 * does not let be null) is left out, as there are no SubDAGs; {@code start_date} and {@code end_date} are null when
 * the DAG has none, as the schema allows. {@code upstream_task_ids} is ours.
 */
public record TaskJson(
        ClassReference classRef,
        String taskId,
        String taskDisplayName,
        String owner,
        Instant startDate,
        Instant endDate,
        String triggerRule,
        List<Object> extraLinks,
        boolean dependsOnPast,
        boolean isMapped,
        boolean waitForDownstream,
        int retries,
        String queue,
        String executor,
        String pool,
        int poolSlots,
        TimeDelta executionTimeout,
        TimeDelta retryDelay,
        boolean retryExponentialBackoff,
        int priorityWeight,
        String weightRule,
        String uiColor,
        String uiFgcolor,
        List<String> templateFields,
        @JsonInclude(JsonInclude.Include.NON_NULL) DagJson subDag,
        List<String> downstreamTaskIds,
        List<String> upstreamTaskIds,
        String docMd) {

    public record ClassReference(String modulePath, String className) {
    }

    /** Airflow's {@code TimeDelta}: days, seconds and microseconds. */
    public record TimeDelta(@JsonProperty("__type") String type, long days, long seconds, long microseconds) {
        static TimeDelta of(Duration d) {
            if (d == null) {
                return null;
            }
            return new TimeDelta("TimeDelta", d.toDays(), d.toSecondsPart() + 60L * d.toMinutesPart()
                    + 3600L * d.toHoursPart(), d.toNanosPart() / 1000);
        }
    }

    public record Collection(List<TaskJson> tasks, long totalEntries) {
    }

    public static TaskJson of(Dag dag, TaskDef t) {
        Class<?> body = t.body() == null ? Object.class : t.body().getClass();
        List<String> downstream = dag.tasks().values().stream()
                .filter(other -> other.upstream().contains(t.taskId())).map(TaskDef::taskId).sorted().toList();
        return new TaskJson(
                new ClassReference(body.getPackageName(), body.getSimpleName().isEmpty() ? body.getName()
                        : body.getSimpleName()),
                t.taskId(), t.taskId(), dag.owner(), dag.startDate(), dag.endDate(), t.triggerRule().value(), List.of(),
                false, t.isMapped(), false, t.retryPolicy().retries(), t.queue(), null, t.pool(), t.poolSlots(),
                TimeDelta.of(t.executionTimeout()), TimeDelta.of(t.retryPolicy().delay()),
                t.retryPolicy().exponential(), t.priorityWeight(), t.weightRule().apiName(), "#fff", "#000", List.of(), null,
                downstream, t.upstream().stream().sorted().toList(), t.doc());
    }
}
