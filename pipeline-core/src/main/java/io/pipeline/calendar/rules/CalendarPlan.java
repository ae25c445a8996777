package io.pipeline.calendar.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The dated facts an exchange's rules produce: full closures (with their names) and sessions whose open or close
 * differs from the regular hours. The first fact registered for a date wins: the first closure names the day (so
 * rules register regular holidays before ad hoc closures) and the first special close or open sets its time.
 * A closure always wins over special hours on the same date.
 */
public final class CalendarPlan {

    private final Map<LocalDate, String> closures = new HashMap<>();
    private final Map<LocalDate, LocalTime> closes = new HashMap<>();
    private final Map<LocalDate, LocalTime> opens = new HashMap<>();

    /** The exchange is closed all day on {@code date}. */
    public void closed(LocalDate date, String name) {
        Objects.requireNonNull(date, "date");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("closure on " + date + " needs a name");
        }
        closures.putIfAbsent(date, name);
    }

    /** Closed on {@code date} only when it falls on one of {@code days} (pandas' {@code days_of_week}). */
    public void closedIfOn(LocalDate date, String name, DayOfWeek... days) {
        if (isOneOf(date, days)) {
            closed(date, name);
        }
    }

    /** The session on {@code date} (if there is one) closes early at {@code close} local time, without a break. */
    public void closesAt(LocalDate date, LocalTime close) {
        closes.putIfAbsent(Objects.requireNonNull(date, "date"), Objects.requireNonNull(close, "close"));
    }

    /** Early close on {@code date} only when it falls on one of {@code days}. */
    public void closesAtIfOn(LocalDate date, LocalTime close, DayOfWeek... days) {
        if (isOneOf(date, days)) {
            closesAt(date, close);
        }
    }

    /** The session on {@code date} (if there is one) opens late at {@code open} local time, keeping any break. */
    public void opensAt(LocalDate date, LocalTime open) {
        opens.putIfAbsent(Objects.requireNonNull(date, "date"), Objects.requireNonNull(open, "open"));
    }

    String closure(LocalDate date) {
        return closures.get(date);
    }

    /** {@code regular} with this plan's special close and open for {@code date} applied. */
    TradingHours hoursOn(LocalDate date, TradingHours regular) {
        TradingHours hours = regular;
        LocalTime close = closes.get(date);
        if (close != null) {
            hours = hours.closingAt(close);
        }
        LocalTime open = opens.get(date);
        if (open != null) {
            hours = hours.openingAt(open);
        }
        return hours;
    }

    private static boolean isOneOf(LocalDate date, DayOfWeek... days) {
        DayOfWeek dow = date.getDayOfWeek();
        for (DayOfWeek d : days) {
            if (d == dow) {
                return true;
            }
        }
        return false;
    }
}
