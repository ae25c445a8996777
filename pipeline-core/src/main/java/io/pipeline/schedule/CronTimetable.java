package io.pipeline.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron schedule in an IANA zone with Airflow 2's default semantics (CronDataIntervalTimetable): each tick ends a
 * data interval [previous tick, tick); the run's logical date is the interval start and it may start at the
 * interval end. DST behaviour: see {@link CronExpression}.
 */
public final class CronTimetable implements Timetable {
    private final CronExpression cron;
    private final ZoneId zone;

    public CronTimetable(CronExpression cron, ZoneId zone) {
        this.cron = Objects.requireNonNull(cron, "cron");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public static CronTimetable of(String expression, String zone) {
        return new CronTimetable(CronExpression.parse(expression), Schedules.zone(zone));
    }

    public CronExpression cron() {
        return cron;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public Optional<DagRunInfo> nextRun(DagRunInfo last, TimeRestriction restriction, Instant now) {
        Instant earliest = restriction.earliest();
        Instant floor;
        if (restriction.catchup()) {
            floor = earliest == null ? null : cron.alignNext(earliest, zone);
        } else {
            Objects.requireNonNull(now, "now is needed when catchup is off");
            // The interval that ended last (at or before now) starts one tick before that end.
            Instant latestDue = cron.previous(cron.alignPrevious(now, zone), zone);
            floor = earliest == null ? latestDue : max(latestDue, cron.alignNext(earliest, zone));
        }
        Instant start;
        if (last == null) {
            if (floor == null) {
                return Optional.empty();
            }
            start = floor;
        } else {
            Instant afterLast = cron.alignPrevious(last.dataInterval().end(), zone);
            start = floor == null ? afterLast : max(afterLast, floor);
        }
        if (restriction.latest() != null && start.isAfter(restriction.latest())) {
            return Optional.empty();
        }
        Instant end = cron.next(start, zone);
        return Optional.of(new DagRunInfo(start, DataInterval.between(start, end), end, null));
    }

    /** The last complete interval before the logical date: a run triggered at 01:00 on a daily cron covers yesterday. */
    @Override
    public DataInterval manualDataInterval(Instant logicalDate) {
        Instant end = cron.alignPrevious(logicalDate, zone);
        return DataInterval.between(cron.previous(end, zone), end);
    }

    @Override
    public String description() {
        return CronDescriber.describe(cron, zone.getId());
    }

    @Override
    public String expression() {
        return cron.expression();
    }

    @Override
    public String toString() {
        return "cron '" + cron.expression() + "' " + zone.getId();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
