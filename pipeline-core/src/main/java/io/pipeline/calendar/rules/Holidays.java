package io.pipeline.calendar.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/** Date arithmetic shared by exchange rules: Easter, nth weekday of a month, and observance shifts. */
public final class Holidays {

    private Holidays() {
    }

    /** Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }

    public static LocalDate goodFriday(int year) {
        return easterSunday(year).minusDays(2);
    }

    public static LocalDate easterMonday(int year) {
        return easterSunday(year).plusDays(1);
    }

    /** The {@code n}-th (1-based) given weekday of the month, e.g. third Monday of January. */
    public static LocalDate nthWeekday(int year, Month month, DayOfWeek dow, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }

    public static LocalDate lastWeekday(int year, Month month, DayOfWeek dow) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(dow));
    }

    /** Saturday to the Friday before, Sunday to the Monday after (US "nearest workday"). */
    public static LocalDate nearestWorkday(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.minusDays(1);
            case SUNDAY -> date.plusDays(1);
            default -> date;
        };
    }

    /** Sunday to the Monday after; Saturday stays (not observed on a weekday). */
    public static LocalDate sundayToMonday(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SUNDAY ? date.plusDays(1) : date;
    }

    /** Saturday or Sunday to the following Monday. */
    public static LocalDate weekendToMonday(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.plusDays(2);
            case SUNDAY -> date.plusDays(1);
            default -> date;
        };
    }

    /** Saturday or Sunday to the Friday before (pandas' {@code previous_friday}). */
    public static LocalDate previousFriday(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.minusDays(1);
            case SUNDAY -> date.minusDays(2);
            default -> date;
        };
    }

    /** The last weekday strictly before {@code date} (pandas' {@code previous_workday}). */
    public static LocalDate previousWeekday(LocalDate date) {
        LocalDate d = date.minusDays(1);
        while (isWeekend(d)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /** The Monday on or before {@code date}, e.g. Canada's Victoria Day is the Monday on or before 24 May. */
    public static LocalDate mondayOnOrBefore(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** True for the first occurrence of that weekday in its month, e.g. the first Friday. */
    public static boolean isFirstOfMonth(LocalDate date, DayOfWeek dow) {
        return date.getDayOfWeek() == dow && date.getDayOfMonth() <= 7;
    }

    public static boolean isWeekend(LocalDate date) {
        DayOfWeek d = date.getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
    }
}
