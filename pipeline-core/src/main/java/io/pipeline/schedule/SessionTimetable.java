package io.pipeline.schedule;

import io.pipeline.calendar.ExchangeCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A timetable with at most one run per trading session of an exchange. Subclasses say which sessions run and the
 * instant each run is about (its "event": a local time, the open, the close...). For a session S that runs:
 * <ul>
 *   <li>logical date: midnight of S in the exchange's zone, so the logical date's local date is the session;</li>
 *   <li>run after: the event of S plus the schedule's offset;</li>
 *   <li>data interval: [event of the previous running session, event of S);</li>
 *   <li>{@link DagRunInfo#session()}: S.</li>
 * </ul>
 * Catchup, the catchup-off jump to the latest due run and backfill all iterate sessions only. A run is eligible when
 * its logical date lies within the restriction (as for every timetable). Dates beyond the calendar's range fail with
 * the calendar's out-of-bounds error rather than a guess.
 * <p>
 * Time and data: {@link #waitingFor} names input partitions the runs also wait for. The run of session S is created
 * on time; its tasks wait (holding no worker slot) until every input has an event for the key(s) its mapping maps
 * S to, e.g. {@code Schedules.sessionOpen("XNYS").waitingFor(BARS_1D.previousSession())}.
 */
public abstract class SessionTimetable implements Timetable {
    protected final ExchangeCalendar calendar;
    private final List<DatasetInput> waits;

    protected SessionTimetable(ExchangeCalendar calendar) {
        this(calendar, List.of());
    }

    protected SessionTimetable(ExchangeCalendar calendar, List<DatasetInput> waits) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.waits = List.copyOf(waits);
        Partitioning runs = Partitioning.sessionsOf(calendar);
        for (DatasetInput in : this.waits) {
            if (in.mapping() == null) {
                throw new IncompatiblePartitionsException("a session schedule waits for partitions; " + in
                        + " has no partition mapping");
            }
            Partitioning target = in.mapping().target(in.dataset().partitioning());
            if (!target.equals(runs)) {
                throw new IncompatiblePartitionsException("a schedule on " + runs.name() + " cannot wait for " + in
                        + ": it maps to " + target.name());
            }
        }
    }

    /** The same schedule whose runs also wait for these input partitions (each through its mapping). */
    public SessionTimetable waitingFor(DatasetInput... inputs) {
        List<DatasetInput> all = new ArrayList<>(waits);
        all.addAll(Arrays.asList(inputs));
        return withWaits(all);
    }

    /** The same schedule whose run of session S also waits for each dataset's partition S. */
    public SessionTimetable waitingFor(Dataset... datasets) {
        return waitingFor(Arrays.stream(datasets).map(Dataset::sameSession).toArray(DatasetInput[]::new));
    }

    /** A copy of this schedule with these waits (each subclass keeps its own settings). */
    protected abstract SessionTimetable withWaits(List<DatasetInput> newWaits);

    @Override
    public List<DatasetInput> waitsFor() {
        return waits;
    }

    /** {@code text}, followed by what the runs wait for when they do. */
    protected String withWaitsWords(String text) {
        return waits.isEmpty() ? text : text + ", waiting for " + waits.stream().map(DatasetInput::toString)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public ExchangeCalendar calendar() {
        return calendar;
    }

    @Override
    public Partitioning partitioning() {
        return Partitioning.sessionsOf(calendar);
    }

    /** The run of the session: this schedule's run when it runs on it, else the session's own interval. */
    @Override
    public DagRunInfo partitionRun(String key) {
        LocalDate session = partitioning().requireKey(key);
        return runsOn(session) ? runFor(session) : partitioning().run(session);
    }

    /** Whether this schedule runs on the session (every session unless overridden). */
    protected boolean runsOn(LocalDate session) {
        return true;
    }

    /** The instant the run of this session is about (the end of its data interval). */
    protected abstract Instant event(LocalDate session);

    /** When the run of this session may start: the event plus any offset. */
    protected abstract Instant runAfter(LocalDate session);

    /** The run of a session this schedule runs on. */
    public DagRunInfo runFor(LocalDate session) {
        if (!calendar.isSession(session) || !runsOn(session)) {
            throw new IllegalArgumentException(session + " is not a run of '" + description() + "'");
        }
        LocalDate previous = previousRunning(session);
        Instant end = event(session);
        Instant start = previous == null ? end : event(previous);
        return new DagRunInfo(logicalDate(session), DataInterval.between(start, end), runAfter(session), session);
    }

    @Override
    public Optional<DagRunInfo> nextRun(DagRunInfo last, TimeRestriction restriction, Instant now) {
        LocalDate floor = restriction.earliest() == null ? null : firstRunningOnOrAfter(firstDateFrom(restriction.earliest()));
        LocalDate candidate;
        if (last == null) {
            candidate = restriction.catchup() ? floor : null;
            if (restriction.catchup() && floor == null) {
                return Optional.empty();
            }
        } else {
            candidate = nextRunning(sessionOfRun(last));
            candidate = floor != null && floor.isAfter(candidate) ? floor : candidate;
        }
        if (!restriction.catchup()) {
            Objects.requireNonNull(now, "now is needed when catchup is off");
            LocalDate due = latestDue(now);
            if (due != null && (floor == null || !due.isBefore(floor)) && (candidate == null || due.isAfter(candidate))) {
                candidate = due;
            }
            if (candidate == null) {
                candidate = floor != null ? floor : firstNotDue(now);
            }
        }
        if (restriction.latest() != null && logicalDate(candidate).isAfter(restriction.latest())) {
            return Optional.empty();
        }
        return Optional.of(runFor(candidate));
    }

    /** The data interval of the run of the latest running session on or before the logical date's local date. */
    @Override
    public DataInterval manualDataInterval(Instant logicalDate) {
        LocalDate d = localDate(logicalDate);
        LocalDate s = d.isAfter(calendar.lastSession()) ? calendar.lastSession() : d;
        if (!calendar.isSession(s) || !runsOn(s)) {
            s = previousRunning(s);
        }
        return s == null ? DataInterval.exact(logicalDate) : runFor(s).dataInterval();
    }

    @Override
    public LocalDate sessionOf(Instant logicalDate) {
        LocalDate d = localDate(logicalDate);
        if (d.isBefore(calendar.firstSession()) || d.isAfter(calendar.lastSession())) {
            return null;
        }
        return calendar.isSession(d) ? d : null;
    }

    protected Instant logicalDate(LocalDate session) {
        return session.atStartOfDay(zone()).toInstant();
    }

    protected ZoneId zone() {
        return calendar.zone();
    }

    private LocalDate localDate(Instant t) {
        return t.atZone(zone()).toLocalDate();
    }

    private LocalDate sessionOfRun(DagRunInfo last) {
        return last.session() != null ? last.session() : localDate(last.logicalDate());
    }

    /** The first date whose midnight (the logical date) is at or after {@code earliest}. */
    private LocalDate firstDateFrom(Instant earliest) {
        LocalDate d = localDate(earliest);
        if (logicalDate(d).isBefore(earliest)) {
            d = d.plusDays(1);
        }
        return d.isBefore(calendar.firstSession()) ? calendar.firstSession() : d;
    }

    private LocalDate firstRunningOnOrAfter(LocalDate d) {
        LocalDate s = calendar.isSession(d) ? d : calendar.nextSession(d);
        return runsOn(s) ? s : nextRunning(s);
    }

    private LocalDate nextRunning(LocalDate after) {
        LocalDate s = calendar.nextSession(after);
        while (!runsOn(s)) {
            s = calendar.nextSession(s);
        }
        return s;
    }

    /** The previous session this schedule runs on, or null before the calendar's first session. */
    private LocalDate previousRunning(LocalDate before) {
        LocalDate s = before;
        do {
            if (!s.isAfter(calendar.firstSession())) {
                return null;
            }
            s = calendar.previousSession(s);
        } while (!runsOn(s));
        return s;
    }

    /** The latest running session whose run may start by {@code now}, or null. */
    private LocalDate latestDue(Instant now) {
        // Runs can start before their session date (CME opens the evening before), hence the look-ahead.
        LocalDate d = localDate(now).plusDays(7);
        LocalDate s = d.isAfter(calendar.lastSession()) ? calendar.lastSession() : d;
        if (s.isBefore(calendar.firstSession())) {
            return null;
        }
        if (!calendar.isSession(s) || !runsOn(s)) {
            s = previousRunning(s);
        }
        while (s != null && runAfter(s).isAfter(now)) {
            s = previousRunning(s);
        }
        return s;
    }

    private LocalDate firstNotDue(Instant now) {
        LocalDate d = localDate(now).minusDays(7);
        LocalDate s = firstRunningOnOrAfter(d.isBefore(calendar.firstSession()) ? calendar.firstSession() : d);
        while (!runAfter(s).isAfter(now)) {
            s = nextRunning(s);
        }
        return s;
    }

    @Override
    public String toString() {
        return description();
    }
}
