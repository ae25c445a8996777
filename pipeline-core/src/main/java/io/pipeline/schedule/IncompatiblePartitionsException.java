package io.pipeline.schedule;

/** A partition mapping between partitionings it cannot map (e.g. previous session of a day-partitioned dataset). */
public class IncompatiblePartitionsException extends InvalidDatasetException {
    public IncompatiblePartitionsException(String message) {
        super(message);
    }
}
