package io.pipeline.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron schedule in an IANA zone with Airflow 2's default semantics (CronDataIntervalTimetable): each tick ends a
 * data interval [previous tick, tick); the run's logical date is the interval start and it may start at the
 * interval end. DST behaviour: see {@link CronExpression}.
 * <p>
 * Time and data: {@link #waitingFor} names input partitions the runs also wait for, as session schedules do. A cron
 * run's key is the day of its logical date in the schedule's zone (Airflow's {@code ds}: the run of the interval
 * that starts on day D is the run of D, and starts once D's interval has ended), so the inputs must be partitioned
 * by the days of that zone, e.g.
 * {@code Schedules.cron("0 6 * * *", "America/New_York").waitingFor(VENDOR_FILE)} with {@code VENDOR_FILE}
 * partitioned by {@code calendarDays("America/New_York")}: the run of day D (starting D+1 06:00) waits for
 * {@code VENDOR_FILE[D]}. A dataset partitioned by the sessions of a calendar in the schedule's zone can be waited
 * for through {@link PartitionMapping#latestSessionOnOrBefore()} (the run of day D waits for the latest session on
 * or before D: a Saturday's run for Friday's). Any other partitioning is an {@link IncompatiblePartitionsException}
 * naming both.
 */
public final class CronTimetable implements Timetable {
    private final CronExpression cron;
    private final ZoneId zone;
    private final List<DatasetInput> waits;

    public CronTimetable(CronExpression cron, ZoneId zone) {
        this(cron, zone, List.of());
    }

    public CronTimetable(CronExpression cron, ZoneId zone, List<DatasetInput> waits) {
        this.cron = Objects.requireNonNull(cron, "cron");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.waits = ScheduleWaits.checked(waits, waitsPartitioning(), "the cron schedule '" + cron.expression()
                + "' " + zone.getId() + " (runs waiting under the day of their logical date)");
    }

    /** The same schedule whose run of day D also waits for these input partitions (each through its mapping). */
    public CronTimetable waitingFor(DatasetInput... inputs) {
        List<DatasetInput> all = new ArrayList<>(waits);
        all.addAll(Arrays.asList(inputs));
        return new CronTimetable(cron, zone, all);
    }

    /** The same schedule whose run of day D also waits for each dataset's partition D. */
    public CronTimetable waitingFor(Dataset... datasets) {
        return waitingFor(Arrays.stream(datasets).map(Dataset::sameSession).toArray(DatasetInput[]::new));
    }

    @Override
    public List<DatasetInput> waitsFor() {
        return waits;
    }

    /** The days of the schedule's zone: a run waits under the day of its logical date. */
    @Override
    public Partitioning waitsPartitioning() {
        return new Partitioning.Days(zone);
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
        return withWaitsWords(CronDescriber.describe(cron, zone.getId()));
    }

    @Override
    public String expression() {
        return withWaitsWords(cron.expression());
    }

    private String withWaitsWords(String text) {
        return ScheduleWaits.words(text, waits);
    }

    @Override
    public String toString() {
        return "cron '" + cron.expression() + "' " + zone.getId();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
