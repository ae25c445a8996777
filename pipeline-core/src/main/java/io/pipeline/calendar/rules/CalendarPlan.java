package io.pipeline.calendar.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The dated facts an exchange's rules produce: full closures (with their names) and sessions whose open or close
 * differs from the regular hours. A closure always wins over special hours on the same date, and the first closure
 * registered for a date names it, so rules register regular holidays before ad hoc closures.
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

    /** The session on {@code date} (if there is one) closes at {@code close} local time. */
    public void closesAt(LocalDate date, LocalTime close) {
        closes.put(Objects.requireNonNull(date, "date"), Objects.requireNonNull(close, "close"));
    }

    /** Early close on {@code date} only when it falls on one of {@code days}. */
    public void closesAtIfOn(LocalDate date, LocalTime close, DayOfWeek... days) {
        if (isOneOf(date, days)) {
            closesAt(date, close);
        }
    }

    /** The session on {@code date} (if there is one) opens at {@code open} local time. */
    public void opensAt(LocalDate date, LocalTime open) {
        opens.put(Objects.requireNonNull(date, "date"), Objects.requireNonNull(open, "open"));
    }

    String closure(LocalDate date) {
        return closures.get(date);
    }

    LocalTime close(LocalDate date) {
        return closes.get(date);
    }

    LocalTime open(LocalDate date) {
        return opens.get(date);
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
