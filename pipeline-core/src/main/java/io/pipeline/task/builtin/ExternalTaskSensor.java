package io.pipeline.task.builtin;

import io.pipeline.schedule.PartitionMapping;
import io.pipeline.schedule.Partitioning;
import io.pipeline.task.PermanentFailure;
import io.pipeline.task.PokeResult;
import io.pipeline.task.Sensor;
import io.pipeline.task.TaskContext;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Waits for a task, or a whole run, of another DAG for the same partition as this run (or the partitions a
 * {@link PartitionMapping} maps it to, e.g. the previous session). Meant for reschedule mode:
 * <pre>{@code
 * b.sensor("wait_for_bars", ExternalTaskSensor.forTask("daily_bars", "load_bars_1d"),
 *          SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(6)));
 * }</pre>
 * Done when every awaited instance succeeded (or was skipped); fails at once, without retry, when one failed. Its
 * output is the partition keys it waited for.
 */
public final class ExternalTaskSensor implements Sensor {
    private final String dagId;
    private final String taskId;
    private final PartitionMapping mapping;
    private final Partitioning partitioning;

    private ExternalTaskSensor(String dagId, String taskId, PartitionMapping mapping, Partitioning partitioning) {
        this.dagId = Objects.requireNonNull(dagId, "dagId");
        this.taskId = taskId;
        this.mapping = mapping;
        this.partitioning = partitioning;
    }

    /** A task of another DAG, for this run's partition key. */
    public static ExternalTaskSensor forTask(String dagId, String taskId) {
        return new ExternalTaskSensor(dagId, Objects.requireNonNull(taskId, "taskId"), null, null);
    }

    /** A whole run of another DAG, for this run's partition key. */
    public static ExternalTaskSensor forRun(String dagId) {
        return new ExternalTaskSensor(dagId, null, null, null);
    }

    /** Waits for the keys {@code mapping} maps this run's key to, in the other DAG's {@code partitioning}. */
    public ExternalTaskSensor mapped(PartitionMapping value, Partitioning otherPartitioning) {
        return new ExternalTaskSensor(dagId, taskId, Objects.requireNonNull(value, "mapping"),
                Objects.requireNonNull(otherPartitioning, "partitioning"));
    }

    @Override
    public PokeResult poke(TaskContext ctx) {
        String key = ctx.partitionKey();
        if (key == null) {
            throw new SensorMisuse("run " + ctx.runId() + " has no partition key; the sensor on " + what()
                    + " waits for the same partition");
        }
        List<String> keys = new ArrayList<>();
        if (mapping == null) {
            keys.add(key);
        } else {
            for (LocalDate k : mapping.inputKeys(partitioning, LocalDate.parse(key))) {
                keys.add(k.toString());
            }
        }
        for (String k : keys) {
            Optional<String> state = ctx.externalState(dagId, k, taskId);
            if (state.isEmpty() || "running".equals(state.get()) || "queued".equals(state.get())) {
                ctx.log().info("{} for {}: {}", what(), k, state.map(s -> s + ", waiting").orElse("no run yet"));
                return PokeResult.notYet();
            }
            if ("failed".equals(state.get())) {
                throw new SensorMisuse(what() + " for " + k + " failed");
            }
        }
        return PokeResult.met(keys);
    }

    private String what() {
        return taskId == null ? "the run of DAG " + dagId : "task " + dagId + "." + taskId;
    }

    /** The awaited run failed, or the sensor cannot work for this run: another try would end the same. */
    static final class SensorMisuse extends IllegalStateException implements PermanentFailure {
        SensorMisuse(String message) {
            super(message);
        }
    }
}
