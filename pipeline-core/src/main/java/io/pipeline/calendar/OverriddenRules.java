package io.pipeline.calendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An exchange's rules with operators' overrides on top: an overridden date answers from the override, every other
 * date from the exchange's rules. Compiled like any rules; the bounds stay the exchange's.
 */
final class OverriddenRules implements ExchangeRules {

    private final ExchangeRules base;
    private final NavigableMap<LocalDate, CalendarOverride> overrides;

    OverriddenRules(ExchangeRules base, Map<LocalDate, CalendarOverride> overrides) {
        this.base = base;
        this.overrides = new TreeMap<>(overrides);
    }

    @Override
    public String code() {
        return base.code();
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public ZoneId zone() {
        return base.zone();
    }

    @Override
    public LocalDate firstSession() {
        return base.firstSession();
    }

    @Override
    public LocalDate lastSession() {
        return base.lastSession();
    }

    @Override
    public LocalDate computedFrom() {
        return base.computedFrom();
    }

    @Override
    public Optional<Session> session(LocalDate date) {
        CalendarOverride o = overrides.get(date);
        if (o == null) {
            return base.session(date);
        }
        if (o.kind() == CalendarOverride.Kind.CLOSED) {
            return Optional.empty();
        }
        return Optional.of(session(base, o));
    }

    @Override
    public String closureName(LocalDate date) {
        CalendarOverride o = overrides.get(date);
        if (o != null && o.kind() == CalendarOverride.Kind.CLOSED) {
            return o.reason();
        }
        return base.closureName(date);
    }

    @Override
    public Session regularSession(LocalDate date) {
        return base.regularSession(date);
    }

    /**
     * The session an HOURS override gives. The open is on the calendar day before the date when the exchange's
     * regular session for that date opens the evening before (CMES); the close and the break are on the date.
     *
     * @throws IllegalArgumentException naming what is wrong (close not after open, break outside the session)
     */
    static Session session(ExchangeRules rules, CalendarOverride o) {
        ZoneId zone = rules.zone();
        LocalDate date = o.date();
        LocalDate openDay = date;
        Session regular = rules.regularSession(date);
        if (regular != null && regular.open().atZone(zone).toLocalDate().isBefore(date)) {
            openDay = regular.open().atZone(zone).toLocalDate();
        }
        var open = at(openDay, o.open(), zone);
        var close = at(date, o.close(), zone);
        if (!close.isAfter(open)) {
            throw new IllegalArgumentException("close " + o.close() + " is not after open " + o.open()
                    + (openDay.equals(date) ? "" : " (on " + openDay + ", the evening before)") + " on " + date);
        }
        if (!o.hasBreak()) {
            return Session.of(date, open, close);
        }
        var breakStart = at(date, o.breakStart(), zone);
        var breakEnd = at(date, o.breakEnd(), zone);
        if (!breakStart.isAfter(open) || !close.isAfter(breakEnd)) {
            throw new IllegalArgumentException("break " + o.breakStart() + "-" + o.breakEnd()
                    + " lies outside the session " + o.open() + "-" + o.close() + " on " + date);
        }
        return new Session(date, open, close, breakStart, breakEnd);
    }

    private static java.time.Instant at(LocalDate day, LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(day, time, zone).toInstant();
    }
}
