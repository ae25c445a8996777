package io.pipeline.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The calendar a registry hands out: an {@link IndexedCalendar} behind one volatile reference. When operators'
 * overrides change, the registry compiles a new indexed calendar (exchange rules plus every override) and swaps it
 * in with one write; a caller holding this object (a DAG's timetable, a sensor) sees the new sessions on its next
 * query, and every query reads one consistent calendar. A query costs one volatile read more than the indexed
 * calendar's array read; nothing is looked up per call.
 */
public final class LiveCalendar implements ExchangeCalendar {

    /**
     * How many times any calendar of this process was swapped: whoever caches an answer derived from calendars (the
     * scheduler's next-run times) keeps this number with it and recomputes when it moved.
     */
    private static final java.util.concurrent.atomic.AtomicLong GENERATION = new java.util.concurrent.atomic.AtomicLong();

    /** The one field a query reads: the indexed calendar in force. */
    private volatile IndexedCalendar current;
    /** The overrides {@link #current} was compiled with; written before it, read only by {@link #overrides()}. */
    private volatile List<CalendarOverride> overrides = List.of();

    LiveCalendar(IndexedCalendar initial) {
        this.current = initial;
    }

    /** Called by the registry under its lock for this calendar. */
    void swap(IndexedCalendar calendar, List<CalendarOverride> compiledWith) {
        overrides = List.copyOf(compiledWith);
        current = calendar;
        GENERATION.incrementAndGet();
    }

    /** See {@link #GENERATION}: changes whenever a calendar's overrides are swapped in. */
    public static long generation() {
        return GENERATION.get();
    }

    /** The overrides the calendar in force was compiled with, in date order. */
    public List<CalendarOverride> overrides() {
        return overrides;
    }

    private IndexedCalendar c() {
        return current;
    }

    @Override
    public String code() {
        return c().code();
    }

    @Override
    public String name() {
        return c().name();
    }

    @Override
    public ZoneId zone() {
        return c().zone();
    }

    @Override
    public LocalDate firstSession() {
        return c().firstSession();
    }

    @Override
    public LocalDate lastSession() {
        return c().lastSession();
    }

    @Override
    public LocalDate computedFrom() {
        return c().computedFrom();
    }

    @Override
    public boolean isSession(LocalDate date) {
        return c().isSession(date);
    }

    @Override
    public LocalDate nextSession(LocalDate date) {
        return c().nextSession(date);
    }

    @Override
    public LocalDate previousSession(LocalDate date) {
        return c().previousSession(date);
    }

    @Override
    public LocalDate sessionOffset(LocalDate session, int count) {
        return c().sessionOffset(session, count);
    }

    @Override
    public List<LocalDate> sessionsInRange(LocalDate from, LocalDate to) {
        return c().sessionsInRange(from, to);
    }

    @Override
    public List<Session> sessions(LocalDate from, LocalDate to) {
        return c().sessions(from, to);
    }

    @Override
    public Session session(LocalDate session) {
        return c().session(session);
    }

    @Override
    public Instant sessionOpen(LocalDate session) {
        return c().sessionOpen(session);
    }

    @Override
    public Instant sessionClose(LocalDate session) {
        return c().sessionClose(session);
    }

    @Override
    public Optional<Instant> sessionBreakStart(LocalDate session) {
        return c().sessionBreakStart(session);
    }

    @Override
    public Optional<Instant> sessionBreakEnd(LocalDate session) {
        return c().sessionBreakEnd(session);
    }

    @Override
    public boolean isOpenAt(Instant instant) {
        return c().isOpenAt(instant);
    }

    @Override
    public Instant nextOpen(Instant instant) {
        return c().nextOpen(instant);
    }

    @Override
    public Instant nextClose(Instant instant) {
        return c().nextClose(instant);
    }

    @Override
    public LocalDate minuteToSession(Instant instant, Direction direction) {
        return c().minuteToSession(instant, direction);
    }

    @Override
    public NavigableMap<LocalDate, String> holidays(LocalDate from, LocalDate to) {
        return c().holidays(from, to);
    }

    @Override
    public List<LocalDate> earlyCloses(LocalDate from, LocalDate to) {
        return c().earlyCloses(from, to);
    }

    @Override
    public List<LocalDate> lateOpens(LocalDate from, LocalDate to) {
        return c().lateOpens(from, to);
    }

    @Override
    public long tradingMinutes(LocalDate session) {
        return c().tradingMinutes(session);
    }

    @Override
    public String toString() {
        return c().toString();
    }
}
