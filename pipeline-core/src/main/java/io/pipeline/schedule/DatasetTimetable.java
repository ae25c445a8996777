package io.pipeline.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A schedule on data, not on the clock. Two kinds:
 * <ul>
 *   <li>on updates ({@link Schedules#onDatasets}, Airflow's dataset schedule): a run once every input has had an
 *       event since the DAG's previous dataset-triggered run;</li>
 *   <li>on partitions ({@link Schedules#onPartitions}): one run per partition key once every input has an event for
 *       the key(s) the run waits for (through each input's {@link PartitionMapping}); the run carries the key as its
 *       {@code partition_key}, its logical date and data interval are the partition's.</li>
 * </ul>
 * The engine creates the runs when events arrive; {@link #nextRun} never proposes a time-based run.
 */
public final class DatasetTimetable implements Timetable {
    private final List<DatasetInput> inputs;
    private final Partitioning partitioning;
    private final boolean rerunOnUpdate;

    private DatasetTimetable(List<DatasetInput> inputs, Partitioning partitioning, boolean rerunOnUpdate) {
        this.inputs = List.copyOf(inputs);
        this.partitioning = partitioning;
        this.rerunOnUpdate = rerunOnUpdate;
    }

    /**
     * A schedule on partitions whose run of a key runs again when an input partition it waits for gets a newer
     * event after the run was created (a vendor's restatement). By default a second event is recorded and the run
     * is not repeated.
     */
    public DatasetTimetable rerunOnUpdate() {
        if (!byPartition()) {
            throw new InvalidDatasetException("rerunOnUpdate() is for schedules on partitions; a schedule on updates "
                    + "(onDatasets) runs on every update already");
        }
        return new DatasetTimetable(inputs, partitioning, true);
    }

    /** True when a newer input event runs the key's run again. */
    public boolean rerunsOnUpdate() {
        return rerunOnUpdate;
    }

    static DatasetTimetable onUpdates(Dataset... datasets) {
        if (datasets.length == 0) {
            throw new InvalidDatasetException("a dataset schedule needs at least one dataset");
        }
        List<DatasetInput> in = new ArrayList<>();
        for (Dataset d : unique(datasets)) {
            in.add(new DatasetInput(d, null));
        }
        return new DatasetTimetable(in, null, false);
    }

    static DatasetTimetable onPartitions(List<DatasetInput> given) {
        if (given.isEmpty()) {
            throw new InvalidDatasetException("a partition schedule needs at least one dataset");
        }
        Map<String, Partitioning> targets = new LinkedHashMap<>();
        for (DatasetInput in : given) {
            if (!in.dataset().isPartitioned()) {
                throw new IncompatiblePartitionsException("dataset " + in.dataset().uri()
                        + " is not partitioned; a partition schedule needs partitioned datasets (or use onDatasets)");
            }
            targets.put(in.toString(), in.mapping().target(in.dataset().partitioning()));
        }
        if (targets.values().stream().distinct().count() > 1) {
            throw new IncompatiblePartitionsException("the inputs of a partition schedule map to different "
                    + "partitionings: " + targets.entrySet().stream().map(e -> e.getKey() + " -> " + e.getValue().name())
                    .collect(Collectors.joining(", ")));
        }
        return new DatasetTimetable(given, targets.values().iterator().next(), false);
    }

    private static List<Dataset> unique(Dataset... datasets) {
        Map<String, Dataset> byUri = new LinkedHashMap<>();
        for (Dataset d : datasets) {
            byUri.putIfAbsent(d.uri(), d);
        }
        return List.copyOf(byUri.values());
    }

    public List<DatasetInput> inputs() {
        return inputs;
    }

    public List<Dataset> datasets() {
        return inputs.stream().map(DatasetInput::dataset).toList();
    }

    /** True for a schedule on partitions (one run per key). */
    public boolean byPartition() {
        return partitioning != null;
    }

    @Override
    public Partitioning partitioning() {
        return partitioning;
    }

    /**
     * The keys of runs that an event of {@code dataset} for {@code key} counts towards (one input may be listed
     * under several mappings).
     */
    public List<LocalDate> runKeys(String datasetUri, LocalDate key) {
        List<LocalDate> out = new ArrayList<>();
        for (DatasetInput in : inputs) {
            if (in.dataset().uri().equals(datasetUri) && in.mapping() != null) {
                LocalDate k = in.mapping().runKey(in.dataset().partitioning(), key);
                if (k != null && !out.contains(k)) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    @Override
    public Optional<DagRunInfo> nextRun(DagRunInfo last, TimeRestriction restriction, Instant now) {
        return Optional.empty();
    }

    @Override
    public DataInterval manualDataInterval(Instant logicalDate) {
        if (partitioning == null) {
            return DataInterval.exact(logicalDate);
        }
        LocalDate key = partitioning.keyFor(logicalDate);
        return partitioning.isKey(key) ? partitioning.interval(key) : DataInterval.exact(logicalDate);
    }

    @Override
    public LocalDate sessionOf(Instant logicalDate) {
        if (!(partitioning instanceof Partitioning.Sessions s)) {
            return null;
        }
        LocalDate d = logicalDate.atZone(s.zone()).toLocalDate();
        return s.isKey(d) ? d : null;
    }

    @Override
    public String description() {
        return byPartition()
                ? "on partitions (" + partitioning.name() + ") of " + describeInputs()
                + (rerunOnUpdate ? ", again on updates" : "")
                : "on updates of " + describeInputs();
    }

    @Override
    public String expression() {
        return (byPartition() ? "partitions(" : "datasets(") + describeInputs() + ")";
    }

    private String describeInputs() {
        return inputs.stream().map(DatasetInput::toString).collect(Collectors.joining(", "));
    }
}
