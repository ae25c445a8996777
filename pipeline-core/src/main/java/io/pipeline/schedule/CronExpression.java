package io.pipeline.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) with {@code *}, lists, ranges, steps,
 * month and day names, and the presets {@code @yearly @monthly @weekly @daily @hourly}. When both day fields are
 * restricted a day matches either (Vixie cron's rule).
 *
 * <p>Evaluation in a zone is DST-correct. A local time that does not exist (spring forward) fires once, moved
 * forward by the gap (02:30 becomes 03:30). A local time that occurs twice (fall back) fires once, at its first
 * occurrence. Expressions that cover every hour are evaluated in absolute time instead, so that an hourly job runs
 * every hour, including both passes of a repeated hour (Airflow's behaviour for such crons).
 */
public final class CronExpression {
    private static final Map<String, String> PRESETS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final int SEARCH_DAYS = 366 * 9; // long enough for Feb 29 across a skipped leap year

    private final String expression;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String expression, String[] f) {
        this.expression = expression;
        this.minutes = CronField.MINUTE.parse(expression, f[0]);
        this.hours = CronField.HOUR.parse(expression, f[1]);
        this.daysOfMonth = CronField.DAY_OF_MONTH.parse(expression, f[2]);
        this.months = CronField.MONTH.parse(expression, f[3]);
        this.daysOfWeek = CronField.DAY_OF_WEEK.parse(expression, f[4]);
        this.domRestricted = !f[2].startsWith("*") && !f[2].startsWith("?");
        this.dowRestricted = !f[4].startsWith("*") && !f[4].startsWith("?");
        checkSomeDayExists(f[2]);
    }

    /** @throws InvalidScheduleException naming the expression and the bad field */
    public static CronExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidScheduleException("invalid cron expression: it is empty");
        }
        String trimmed = expression.trim();
        String text = trimmed.startsWith("@") ? PRESETS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (text == null) {
            throw new InvalidScheduleException("invalid cron expression '" + expression + "': unknown preset; use one"
                    + " of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 5) {
            throw new InvalidScheduleException("invalid cron expression '" + expression + "': expected 5 fields"
                    + " (minute hour day-of-month month day-of-week), got " + fields.length);
        }
        return new CronExpression(trimmed, fields);
    }

    public String expression() {
        return expression;
    }

    long minuteBits() {
        return minutes;
    }

    long hourBits() {
        return hours;
    }

    long dayOfMonthBits() {
        return daysOfMonth;
    }

    long monthBits() {
        return months;
    }

    long dayOfWeekBits() {
        return daysOfWeek;
    }

    boolean dayOfMonthRestricted() {
        return domRestricted;
    }

    boolean dayOfWeekRestricted() {
        return dowRestricted;
    }

    /** True when every hour of the day matches, which switches evaluation to absolute time. */
    public boolean coversEveryHour() {
        return hours == CronField.HOUR.all();
    }

    /** True when {@code date} matches the day-of-month, month and day-of-week fields. */
    public boolean matchesDate(LocalDate date) {
        if (!bit(months, date.getMonthValue())) {
            return false;
        }
        boolean dom = bit(daysOfMonth, date.getDayOfMonth());
        boolean dow = bit(daysOfWeek, date.getDayOfWeek().getValue() % 7);
        return domRestricted && dowRestricted ? dom || dow : dom && dow;
    }

    /** The first tick strictly after {@code after}. */
    public Instant next(Instant after, ZoneId zone) {
        return coversEveryHour() ? nextAbsolute(after, zone) : nextLocal(after, zone);
    }

    /** The last tick strictly before {@code before}. */
    public Instant previous(Instant before, ZoneId zone) {
        return coversEveryHour() ? previousAbsolute(before, zone) : previousLocal(before, zone);
    }

    /** The first tick at or after {@code t}. */
    public Instant alignNext(Instant t, ZoneId zone) {
        return next(t.minusNanos(1), zone);
    }

    /** The last tick at or before {@code t}. */
    public Instant alignPrevious(Instant t, ZoneId zone) {
        return previous(t.plusNanos(1), zone);
    }

    /** Ticks on a local date, as instants in order; gap times are moved forward and duplicates merged. */
    TreeSet<Instant> ticksOn(LocalDate date, ZoneId zone) {
        TreeSet<Instant> out = new TreeSet<>();
        if (!matchesDate(date)) {
            return out;
        }
        for (int h = 0; h < 24; h++) {
            if (!bit(hours, h)) {
                continue;
            }
            for (int m = 0; m < 60; m++) {
                if (bit(minutes, m)) {
                    out.add(ZonedDateTime.ofLocal(date.atTime(h, m), zone, null).toInstant());
                }
            }
        }
        return out;
    }

    private Instant nextLocal(Instant after, ZoneId zone) {
        LocalDate d = after.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i < SEARCH_DAYS; i++, d = d.plusDays(1)) {
            Instant t = ticksOn(d, zone).higher(after);
            if (t != null) {
                return t;
            }
        }
        throw noTick(after);
    }

    private Instant previousLocal(Instant before, ZoneId zone) {
        LocalDate d = before.atZone(zone).toLocalDate().plusDays(1);
        for (int i = 0; i < SEARCH_DAYS; i++, d = d.minusDays(1)) {
            Instant t = ticksOn(d, zone).lower(before);
            if (t != null) {
                return t;
            }
        }
        throw noTick(before);
    }

    private Instant nextAbsolute(Instant after, ZoneId zone) {
        Instant t = after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant limit = after.plus(SEARCH_DAYS, ChronoUnit.DAYS);
        while (t.isBefore(limit)) {
            ZonedDateTime z = t.atZone(zone);
            if (!matchesDate(z.toLocalDate())) {
                t = z.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
                continue;
            }
            int minute = z.getMinute();
            int m = nextBit(minutes, minute, 59);
            if (m == minute) {
                return t;
            }
            t = t.plus(m < 0 ? 60 - minute : m - minute, ChronoUnit.MINUTES);
        }
        throw noTick(after);
    }

    private Instant previousAbsolute(Instant before, ZoneId zone) {
        Instant t = before.truncatedTo(ChronoUnit.MINUTES);
        if (!t.isBefore(before)) {
            t = t.minus(1, ChronoUnit.MINUTES);
        }
        Instant limit = before.minus(SEARCH_DAYS, ChronoUnit.DAYS);
        while (t.isAfter(limit)) {
            ZonedDateTime z = t.atZone(zone);
            if (!matchesDate(z.toLocalDate())) {
                t = z.toLocalDate().atStartOfDay(zone).toInstant().minus(1, ChronoUnit.MINUTES);
                continue;
            }
            int minute = z.getMinute();
            int m = previousBit(minutes, minute);
            if (m == minute) {
                return t;
            }
            t = t.minus(m < 0 ? minute + 1 : minute - m, ChronoUnit.MINUTES);
        }
        throw noTick(before);
    }

    private void checkSomeDayExists(String domText) {
        if (dowRestricted && domRestricted || !domRestricted) {
            return;
        }
        for (int month = 1; month <= 12; month++) {
            if (!bit(months, month)) {
                continue;
            }
            int longest = Month.of(month).maxLength();
            for (int day = 1; day <= longest; day++) {
                if (bit(daysOfMonth, day)) {
                    return;
                }
            }
        }
        throw new InvalidScheduleException("invalid cron expression '" + expression + "': day-of-month field '"
                + domText + "' never occurs in the months the month field allows");
    }

    private InvalidScheduleException noTick(Instant from) {
        return new InvalidScheduleException("cron expression '" + expression + "' has no tick within "
                + SEARCH_DAYS + " days of " + from);
    }

    private static boolean bit(long bits, int v) {
        return (bits & (1L << v)) != 0;
    }

    /** The smallest set value >= from (up to max), or -1. */
    private static int nextBit(long bits, int from, int max) {
        long masked = bits & (-1L << from);
        int v = masked == 0 ? -1 : Long.numberOfTrailingZeros(masked);
        return v > max ? -1 : v;
    }

    /** The largest set value <= from, or -1. */
    private static int previousBit(long bits, int from) {
        long masked = from >= 63 ? bits : bits & ((1L << (from + 1)) - 1);
        return masked == 0 ? -1 : 63 - Long.numberOfLeadingZeros(masked);
    }

    @Override
    public String toString() {
        return expression;
    }
}
