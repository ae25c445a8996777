package io.pipeline.schedule;

import java.time.Instant;
import java.util.Optional;

/** Never schedules: runs are triggered by hand (Airflow's {@code schedule=None}). */
public final class ManualTimetable implements Timetable {
    static final ManualTimetable INSTANCE = new ManualTimetable();

    private ManualTimetable() {
    }

    @Override
    public Optional<DagRunInfo> nextRun(DagRunInfo last, TimeRestriction restriction, Instant now) {
        return Optional.empty();
    }

    @Override
    public DataInterval manualDataInterval(Instant logicalDate) {
        return DataInterval.exact(logicalDate);
    }

    @Override
    public String description() {
        return "manual";
    }

    @Override
    public String expression() {
        return "None";
    }

    @Override
    public boolean isManual() {
        return true;
    }

    @Override
    public String toString() {
        return "manual";
    }
}
