package io.pipeline.dag.alert;

import io.pipeline.schedule.DataInterval;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The dates of one DAG run that deadlines and alert messages are computed from.
 *
 * @param dataInterval the run's data interval
 * @param session      the trading session of a session-scheduled run, or null
 */
public record RunDates(Instant logicalDate, DataInterval dataInterval, LocalDate session) {

    public RunDates {
        Objects.requireNonNull(logicalDate, "logicalDate");
        Objects.requireNonNull(dataInterval, "dataInterval");
    }

    /** Only the logical date is known: the data interval is taken as that instant. */
    public static RunDates ofLogicalDate(Instant logicalDate) {
        return new RunDates(logicalDate, DataInterval.exact(logicalDate), null);
    }

    /**
     * The day a run is about: its session when it has one, else the logical date's date in UTC (Airflow's {@code ds}).
     */
    public LocalDate day() {
        return session != null ? session : logicalDate.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
