package io.pipeline.schedule;

import java.time.Instant;
import java.util.Objects;

/** The span of data a DAG run covers, [start, end). */
public record DataInterval(Instant start, Instant end) {
    public DataInterval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("data interval end " + end + " is before its start " + start);
        }
    }

    public static DataInterval exact(Instant at) {
        return new DataInterval(at, at);
    }

    public static DataInterval between(Instant start, Instant end) {
        return new DataInterval(start, end);
    }
}
