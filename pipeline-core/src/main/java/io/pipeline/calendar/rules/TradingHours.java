package io.pipeline.calendar.rules;

import io.pipeline.calendar.Session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * The local times of one trading day: open, optional lunch break, close, and the calendar day the open falls on
 * relative to the session's label ({@code openDayOffset} 0, or -1 for a session that opens the evening before).
 * Turned into a {@link Session} for a date in the exchange's zone. A day with a special close has no break (the
 * exchange_calendars convention: a half day is written as one continuous stretch from the open to the early close);
 * a special open keeps it.
 */
public record TradingHours(LocalTime open, LocalTime breakStart, LocalTime breakEnd, LocalTime close,
                           int openDayOffset) {

    public TradingHours {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
        if ((breakStart == null) != (breakEnd == null)) {
            throw new IllegalArgumentException("trading hours: break needs both start and end");
        }
        if (openDayOffset != 0 && openDayOffset != -1) {
            throw new IllegalArgumentException("trading hours: open day offset " + openDayOffset + " is not 0 or -1");
        }
        if (openDayOffset == 0 && !close.isAfter(open)) {
            throw new IllegalArgumentException("trading hours: close " + close + " is not after open " + open);
        }
    }

    public static TradingHours of(LocalTime open, LocalTime close) {
        return new TradingHours(open, null, null, close, 0);
    }

    public static TradingHours withBreak(LocalTime open, LocalTime breakStart, LocalTime breakEnd, LocalTime close) {
        return new TradingHours(open, breakStart, breakEnd, close, 0);
    }

    /** Opens at {@code open} on the calendar day before the session's label, closes at {@code close} on the label. */
    public static TradingHours overnight(LocalTime open, LocalTime close) {
        return new TradingHours(open, null, null, close, -1);
    }

    public boolean hasBreak() {
        return breakStart != null;
    }

    /** The same day closing early at {@code earlyClose}: no lunch break is kept. */
    public TradingHours closingAt(LocalTime earlyClose) {
        return new TradingHours(open, null, null, earlyClose, openDayOffset);
    }

    /** The same day opening late at {@code lateOpen}: the lunch break is kept. */
    public TradingHours openingAt(LocalTime lateOpen) {
        return new TradingHours(lateOpen, breakStart, breakEnd, close, openDayOffset);
    }

    /** The session labelled {@code date} under these hours, in the zone whose rules are {@code zone}. */
    public Session on(LocalDate date, ZoneRules zone) {
        return new Session(date,
                instant(date.plusDays(openDayOffset), open, zone),
                instant(date, close, zone),
                breakStart == null ? null : instant(date, breakStart, zone),
                breakEnd == null ? null : instant(date, breakEnd, zone));
    }

    /**
     * The local time as an instant, with the offset in force before any transition at that time: the instant
     * {@code ZonedDateTime.of(date, time, zone)} gives, also for a time in a DST gap (moved forward by the gap) or
     * overlap (the earlier offset), without building one per date.
     */
    static Instant instant(LocalDate date, LocalTime time, ZoneRules zone) {
        LocalDateTime local = LocalDateTime.of(date, time);
        return local.toInstant(zone.getOffset(local));
    }
}
