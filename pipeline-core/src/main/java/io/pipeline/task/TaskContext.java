package io.pipeline.task;

import io.pipeline.schedule.DataInterval;
import io.pipeline.schedule.Dataset;
import org.slf4j.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a running task sees of its run. One instance per try. */
public interface TaskContext {

    String dagId();

    String taskId();

    String runId();

    /** -1 for an unmapped task; 0..n-1 for the instances of a mapped (expanded) task. */
    int mapIndex();

    int tryNumber();

    int maxTries();

    Instant logicalDate();

    DataInterval dataInterval();

    /** The trading session of the run for session timetables; null otherwise. */
    LocalDate session();

    /** The run's partition key (a session or day, YYYY-MM-DD), or null for a run without one. */
    default String partitionKey() {
        return null;
    }

    /**
     * Records, with this try's success, an event of a dataset this task produces for another partition key than the
     * run's (e.g. a backfill of ten sessions), with optional {@code extra} (a JSON object). Throws
     * {@code InvalidDatasetException} naming the dataset and key when the task does not declare the dataset in
     * {@code produces} or the key is not a partition of it.
     */
    default void emit(Dataset dataset, String partitionKey, Map<String, Object> extra) {
        throw new UnsupportedOperationException("this task context records no dataset events");
    }

    /**
     * The state of another DAG's run for a partition key (taskId null), or of one of its tasks in that run (all
     * instances of a mapped task rolled up): {@code success} (every instance succeeded or was skipped),
     * {@code failed} (one failed or is upstream_failed), {@code running} (otherwise); empty when there is no such run.
     */
    default java.util.Optional<String> externalState(String dagId, String partitionKey, String taskId) {
        throw new UnsupportedOperationException("this task context cannot read other DAGs' runs");
    }

    /**
     * Asks for a run of another DAG for a partition key (null: a manual run at this try's end) with {@code conf};
     * the run is created in the same transaction as this try's success (none when the try fails). Throws naming the
     * DAG or key when the DAG is not loaded or the key is not a partition of its schedule.
     */
    default void triggerDagRun(String dagId, String partitionKey, Map<String, Object> conf) {
        throw new UnsupportedOperationException("this task context cannot trigger runs");
    }

    /** scheduled, manual, backfill or dataset_triggered. */
    String runType();

    /** The run's params: the DAG's declared defaults overlaid with the run's conf. */
    Map<String, Object> params();

    <T> T param(String name, Class<T> type);

    Clock clock();

    /** A logger whose lines go to this try's log (secrets masked). */
    Logger log();

    /** The output of an upstream task of this run, read typed. Throws naming the task when absent. */
    <T> T input(String taskId, Class<T> type);

    <T> T input(String taskId, TypeToken<T> type);

    /** The output of an upstream task through its typed handle (see {@code TaskRef.output}). */
    default <T> T input(TaskOutput<T> output) {
        return output.typeToken() != null
                ? input(output.taskId(), output.typeToken())
                : input(output.taskId(), output.type());
    }

    /** The outputs of every instance of an upstream mapped task, in map-index order. */
    <T> List<T> inputs(String mappedTaskId, Class<T> type);

    /** The element this mapped instance was expanded for. */
    <T> T mapItem(Class<T> type);

    <T> T mapItem(TypeToken<T> type);

    /** True when this run is the latest scheduled run of the DAG (for LatestOnly). */
    boolean isLatestRun();

    /** A shared service the application provides (object store, data source, connections...). */
    <T> T resource(Class<T> type);

    /** The shared service of {@code type} when the application provides one (e.g. an optional second database). */
    default <T> Optional<T> findResource(Class<T> type) {
        try {
            return Optional.of(resource(type));
        } catch (IllegalStateException none) {
            return Optional.empty();
        }
    }

    /**
     * A variable's value (Airflow's {@code Variable.get}), read when called so that a change reaches the next try.
     *
     * @throws java.util.NoSuchElementException naming the key when there is no such variable
     */
    default String variable(String key) {
        return resource(Variables.class).find(key).orElseThrow(() -> new java.util.NoSuchElementException(
                "variable '" + key + "' does not exist (create it with POST /api/v1/variables)"));
    }

    /** A variable's value, or {@code fallback} when there is no such variable. */
    default String variable(String key, String fallback) {
        return resource(Variables.class).find(key).orElse(fallback);
    }

    /**
     * The handle of the external resource this task instance owns (see {@link ExternalResource}): survives pokes and
     * tries; read from the database on first use.
     */
    default TaskHandle handle() {
        throw new UnsupportedOperationException("this task context keeps no handles");
    }
}
