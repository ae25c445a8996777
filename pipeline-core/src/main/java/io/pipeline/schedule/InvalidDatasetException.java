package io.pipeline.schedule;

/**
 * A dataset that cannot be used: a URI that breaks Airflow's rules, an unknown dataset, a partition key that is not
 * a key of the dataset's partitioning, or a mapping between partitionings that do not fit. The message names the
 * dataset and what was wrong.
 */
public class InvalidDatasetException extends IllegalArgumentException {
    public InvalidDatasetException(String message) {
        super(message);
    }
}
