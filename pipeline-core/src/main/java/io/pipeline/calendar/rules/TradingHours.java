package io.pipeline.calendar.rules;

import io.pipeline.calendar.Session;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The local times of one trading day: open, optional lunch break, close. Turned into a {@link Session} for a date
 * in the exchange's zone. A day with a special close has no break (the exchange_calendars convention: a half day is
 * written as one continuous stretch from the open to the early close).
 */
public record TradingHours(LocalTime open, LocalTime breakStart, LocalTime breakEnd, LocalTime close) {

    public TradingHours {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
        if ((breakStart == null) != (breakEnd == null)) {
            throw new IllegalArgumentException("trading hours: break needs both start and end");
        }
        if (!close.isAfter(open)) {
            throw new IllegalArgumentException("trading hours: close " + close + " is not after open " + open);
        }
    }

    public static TradingHours of(LocalTime open, LocalTime close) {
        return new TradingHours(open, null, null, close);
    }

    public static TradingHours withBreak(LocalTime open, LocalTime breakStart, LocalTime breakEnd, LocalTime close) {
        return new TradingHours(open, breakStart, breakEnd, close);
    }

    public boolean hasBreak() {
        return breakStart != null;
    }

    /** The same day closing early at {@code earlyClose}: no lunch break is kept. */
    public TradingHours closingAt(LocalTime earlyClose) {
        return new TradingHours(open, null, null, earlyClose);
    }

    public Session on(LocalDate date, ZoneId zone) {
        return new Session(date,
                date.atTime(open).atZone(zone).toInstant(),
                date.atTime(close).atZone(zone).toInstant(),
                breakStart == null ? null : date.atTime(breakStart).atZone(zone).toInstant(),
                breakEnd == null ? null : date.atTime(breakEnd).atZone(zone).toInstant());
    }
}
