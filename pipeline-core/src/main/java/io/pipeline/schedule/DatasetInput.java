package io.pipeline.schedule;

import java.util.Objects;

/** One dataset a data schedule waits for, with how its partitions map to the runs' (null for update schedules). */
public record DatasetInput(Dataset dataset, PartitionMapping mapping) {
    public DatasetInput {
        Objects.requireNonNull(dataset, "dataset");
    }

    /** The input's partitions map to the run's by {@code mapping}. */
    public static DatasetInput of(Dataset dataset, PartitionMapping mapping) {
        return new DatasetInput(dataset, Objects.requireNonNull(mapping, "mapping"));
    }

    @Override
    public String toString() {
        return mapping == null ? dataset.uri() : dataset.uri() + "[" + mapping.label() + "]";
    }
}
