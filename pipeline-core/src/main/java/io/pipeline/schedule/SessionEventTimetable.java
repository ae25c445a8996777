package io.pipeline.schedule;

import io.pipeline.calendar.ExchangeCalendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * "At the open/close (or lunch-break start/end) of each session of CODE plus or minus an offset". Early closes and
 * late opens move the run with them. Break schedules skip sessions without a break (half days in Tokyo and Hong
 * Kong). Data interval: from the previous session's event to this session's event (e.g. close to close), so that it
 * reads the same whatever the offset.
 */
public final class SessionEventTimetable extends SessionTimetable {
    private final SessionEvent event;
    private final Duration offset;

    public SessionEventTimetable(ExchangeCalendar calendar, SessionEvent event, Duration offset) {
        this(calendar, event, offset, java.util.List.of());
    }

    public SessionEventTimetable(ExchangeCalendar calendar, SessionEvent event, Duration offset,
                                 java.util.List<DatasetInput> waits) {
        super(calendar, waits);
        this.event = Objects.requireNonNull(event, "event");
        this.offset = Offsets.checked(offset);
    }

    /** The same schedule, {@code delta} later. */
    public SessionEventTimetable plus(Duration delta) {
        return new SessionEventTimetable(calendar, event, offset.plus(delta), waitsFor());
    }

    /** The same schedule, {@code delta} earlier. */
    public SessionEventTimetable minus(Duration delta) {
        return new SessionEventTimetable(calendar, event, offset.minus(delta), waitsFor());
    }

    @Override
    protected SessionEventTimetable withWaits(java.util.List<DatasetInput> newWaits) {
        return new SessionEventTimetable(calendar, event, offset, newWaits);
    }

    /** The session point this schedule runs at. */
    public SessionTime sessionTime() {
        return new SessionTime(event, offset);
    }

    public SessionEvent sessionEvent() {
        return event;
    }

    public Duration offset() {
        return offset;
    }

    @Override
    protected boolean runsOn(LocalDate session) {
        return event.in(calendar.session(session)) != null;
    }

    @Override
    protected Instant event(LocalDate session) {
        return event.in(calendar.session(session));
    }

    @Override
    protected Instant runAfter(LocalDate session) {
        return event(session).plus(offset);
    }

    @Override
    public String description() {
        return withWaitsWords(Offsets.words(offset, "the " + calendar.code() + " " + event.words()));
    }

    @Override
    public String expression() {
        return withWaitsWords("session_" + event.name().toLowerCase(java.util.Locale.ROOT) + "(" + calendar.code()
                + ")" + Offsets.signed(offset));
    }
}
