package io.pipeline.schedule;

import io.pipeline.calendar.ExchangeCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * "On every session of CODE at HH:mm in ZONE": runs at that local time on each session date (a time that DST skips
 * moves forward by the gap). Data interval: from the previous session's run time to this one's.
 */
public final class SessionTimeTimetable extends SessionTimetable {
    private final LocalTime time;
    private final ZoneId timeZone;

    public SessionTimeTimetable(ExchangeCalendar calendar, LocalTime time, ZoneId timeZone) {
        this(calendar, time, timeZone, java.util.List.of());
    }

    public SessionTimeTimetable(ExchangeCalendar calendar, LocalTime time, ZoneId timeZone,
                                java.util.List<DatasetInput> waits) {
        super(calendar, waits);
        this.time = Objects.requireNonNull(time, "time");
        this.timeZone = Objects.requireNonNull(timeZone, "timeZone");
    }

    @Override
    protected SessionTimeTimetable withWaits(java.util.List<DatasetInput> newWaits) {
        return new SessionTimeTimetable(calendar, time, timeZone, newWaits);
    }

    @Override
    protected Instant event(LocalDate session) {
        return ZonedDateTime.of(session, time, timeZone).toInstant();
    }

    @Override
    protected Instant runAfter(LocalDate session) {
        return event(session);
    }

    @Override
    public String description() {
        return withWaitsWords(time + " " + timeZone.getId() + " on " + calendar.code() + " sessions");
    }

    @Override
    public String expression() {
        return withWaitsWords("sessions(" + calendar.code() + ") at " + time + " " + timeZone.getId());
    }
}
