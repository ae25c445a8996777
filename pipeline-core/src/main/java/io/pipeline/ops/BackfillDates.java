package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.CronTimetable;
import io.pipeline.schedule.SessionCronTimetable;
import io.pipeline.schedule.SessionTimetable;
import io.pipeline.schedule.Timetable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Calendar dates to a backfill's instant range, for people who think in days (the CLI's --start-date/--end-date):
 * [first day 00:00, last day 24:00) in the zone of the DAG's schedule (the exchange's zone for session schedules,
 * the cron's zone, else UTC), both days included.
 */
public final class BackfillDates {

    private BackfillDates() {
    }

    /** The zone the DAG's logical dates are counted in. */
    public static ZoneId zone(Dag dag) {
        Timetable t = dag.timetable();
        if (t instanceof SessionTimetable s) {
            return s.calendar().zone();
        }
        if (t instanceof SessionCronTimetable s) {
            return s.calendar().zone();
        }
        if (t instanceof CronTimetable c) {
            return c.zone();
        }
        return ZoneOffset.UTC;
    }

    public static Instant start(Dag dag, LocalDate first) {
        return first.atStartOfDay(zone(dag)).toInstant();
    }

    /** The last microsecond of {@code last} in the DAG's zone (instants are stored to the microsecond). */
    public static Instant end(Dag dag, LocalDate last) {
        return last.plusDays(1).atStartOfDay(zone(dag)).toInstant().minus(1, ChronoUnit.MICROS);
    }
}
