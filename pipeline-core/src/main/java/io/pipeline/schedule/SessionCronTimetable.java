package io.pipeline.schedule;

import io.pipeline.calendar.ExchangeCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression restricted to trading sessions: a tick runs only when its date in the exchange's zone is a
 * session. Unlike the per-session schedules there may be several runs per session (intraday crons), so each run's
 * logical date is its tick; it may start at the tick, and its data interval runs from the previous qualifying tick.
 * {@link DagRunInfo#session()} is the tick's session date.
 * <p>
 * Time and data: {@link #waitingFor} names input partitions every run of a session also waits for, through a
 * mapping to the sessions of this calendar, as {@link SessionTimetable#waitingFor} does.
 */
public final class SessionCronTimetable implements Timetable {
    private final ExchangeCalendar calendar;
    private final CronExpression cron;
    private final ZoneId zone;
    private final java.util.List<DatasetInput> waits;

    public SessionCronTimetable(ExchangeCalendar calendar, CronExpression cron, ZoneId zone) {
        this(calendar, cron, zone, java.util.List.of());
    }

    public SessionCronTimetable(ExchangeCalendar calendar, CronExpression cron, ZoneId zone,
                                java.util.List<DatasetInput> waits) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.cron = Objects.requireNonNull(cron, "cron");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.waits = ScheduleWaits.checked(waits, waitsPartitioning(), "the schedule '" + cron.expression()
                + "' on " + calendar.code() + " sessions");
    }

    /** The same schedule whose runs of session S also wait for these input partitions (each through its mapping). */
    public SessionCronTimetable waitingFor(DatasetInput... inputs) {
        java.util.List<DatasetInput> all = new java.util.ArrayList<>(waits);
        all.addAll(java.util.Arrays.asList(inputs));
        return new SessionCronTimetable(calendar, cron, zone, all);
    }

    /** The same schedule whose runs of session S also wait for each dataset's partition S. */
    public SessionCronTimetable waitingFor(Dataset... datasets) {
        return waitingFor(java.util.Arrays.stream(datasets).map(Dataset::sameSession).toArray(DatasetInput[]::new));
    }

    @Override
    public java.util.List<DatasetInput> waitsFor() {
        return waits;
    }

    /** The sessions of the calendar: a run waits under its session. */
    @Override
    public Partitioning waitsPartitioning() {
        return Partitioning.sessionsOf(calendar);
    }

    public ExchangeCalendar calendar() {
        return calendar;
    }

    @Override
    public Optional<DagRunInfo> nextRun(DagRunInfo last, TimeRestriction restriction, Instant now) {
        Instant floor = restriction.earliest() == null ? null : next(restriction.earliest().minusNanos(1));
        Instant candidate;
        if (last == null) {
            candidate = restriction.catchup() ? floor : null;
            if (restriction.catchup() && floor == null) {
                return Optional.empty();
            }
        } else {
            candidate = next(last.logicalDate());
            candidate = floor != null && floor.isAfter(candidate) ? floor : candidate;
        }
        if (!restriction.catchup()) {
            Objects.requireNonNull(now, "now is needed when catchup is off");
            Instant due = previous(now.plusNanos(1));
            if (due != null && (floor == null || !due.isBefore(floor)) && (candidate == null || due.isAfter(candidate))) {
                candidate = due;
            }
            if (candidate == null) {
                candidate = floor != null ? floor : next(now);
            }
        }
        if (restriction.latest() != null && candidate.isAfter(restriction.latest())) {
            return Optional.empty();
        }
        return Optional.of(runAt(candidate));
    }

    /** The data interval of the last qualifying tick at or before the logical date. */
    @Override
    public DataInterval manualDataInterval(Instant logicalDate) {
        Instant tick = previous(logicalDate.plusNanos(1));
        return tick == null ? DataInterval.exact(logicalDate) : runAt(tick).dataInterval();
    }

    @Override
    public java.time.LocalDate sessionOf(Instant logicalDate) {
        LocalDate d = logicalDate.atZone(calendar.zone()).toLocalDate();
        boolean inRange = !d.isBefore(calendar.firstSession()) && !d.isAfter(calendar.lastSession());
        return inRange && calendar.isSession(d) ? d : null;
    }

    @Override
    public String description() {
        String words = CronDescriber.describe(cron, zone.getId());
        // "daily" would contradict the session filter.
        return ScheduleWaits.words((words.startsWith("daily ") ? words.substring(6) : words) + " on "
                + calendar.code() + " sessions", waits);
    }

    @Override
    public String expression() {
        return ScheduleWaits.words(cron.expression() + " on " + calendar.code() + " sessions", waits);
    }

    @Override
    public String toString() {
        return description();
    }

    private DagRunInfo runAt(Instant tick) {
        Instant previous = previous(tick);
        DataInterval interval = DataInterval.between(previous == null ? tick : previous, tick);
        return new DagRunInfo(tick, interval, tick, sessionDate(tick));
    }

    private LocalDate sessionDate(Instant tick) {
        return tick.atZone(calendar.zone()).toLocalDate();
    }

    /** The first qualifying tick strictly after {@code after}. */
    private Instant next(Instant after) {
        Instant t = cron.next(after, zone);
        while (!calendar.isSession(sessionDate(t))) {
            // Jump over the non-session day rather than visiting each of its ticks.
            LocalDate nextSession = calendar.nextSession(sessionDate(t));
            t = cron.next(nextSession.atStartOfDay(calendar.zone()).toInstant().minusNanos(1), zone);
        }
        return t;
    }

    /** The last qualifying tick strictly before {@code before}, or null before the calendar's first session. */
    private Instant previous(Instant before) {
        Instant t = cron.previous(before, zone);
        while (true) {
            LocalDate d = sessionDate(t);
            if (d.isBefore(calendar.firstSession())) {
                return null;
            }
            if (!d.isAfter(calendar.lastSession()) && calendar.isSession(d)) {
                return t;
            }
            LocalDate dayStart = d.isAfter(calendar.lastSession()) ? calendar.lastSession().plusDays(1) : d;
            t = cron.previous(dayStart.atStartOfDay(calendar.zone()).toInstant(), zone);
        }
    }
}
