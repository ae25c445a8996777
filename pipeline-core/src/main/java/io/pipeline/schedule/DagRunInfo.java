package io.pipeline.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What a timetable says about one scheduled run: its logical date, data interval, the earliest instant it may start,
 * and, for session timetables, the trading session it belongs to (null otherwise).
 */
public record DagRunInfo(Instant logicalDate, DataInterval dataInterval, Instant runAfter, LocalDate session) {
    public DagRunInfo {
        Objects.requireNonNull(logicalDate, "logicalDate");
        Objects.requireNonNull(dataInterval, "dataInterval");
        Objects.requireNonNull(runAfter, "runAfter");
    }
}
