package io.pipeline.schedule;

import java.time.DayOfWeek;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/** Puts a cron expression into words, e.g. {@code "at 04:00 on Monday through Friday"}. */
final class CronDescriber {

    private CronDescriber() {
    }

    /** The zone follows the time of day, e.g. {@code "at 04:00 America/New_York on Monday through Friday"}. */
    static String describe(CronExpression cron, String zone) {
        List<Integer> minutes = values(cron.minuteBits(), 0, 59);
        List<Integer> hours = values(cron.hourBits(), 0, 23);
        String time = time(minutes, hours);
        String days = days(cron);
        String months = cron.monthBits() == CronField.MONTH.all() ? ""
                : " in " + list(values(cron.monthBits(), 1, 12), m -> name(Month.of(m)), false);
        if (days.isEmpty() && months.isEmpty() && hours.size() < 24) {
            return "daily " + time + " " + zone;
        }
        return time + " " + zone + days + months;
    }

    private static String time(List<Integer> minutes, List<Integer> hours) {
        if (minutes.size() == 60 && hours.size() == 24) {
            return "every minute";
        }
        int step = step(minutes);
        if (hours.size() == 24) {
            if (minutes.size() == 1) {
                return "every hour at :" + two(minutes.get(0));
            }
            return step > 0 ? "every " + step + " minutes" : "at minutes " + join(minutes) + " of every hour";
        }
        if (minutes.size() * hours.size() <= 6) {
            List<String> times = new ArrayList<>();
            for (int h : hours) {
                for (int m : minutes) {
                    times.add(two(h) + ":" + two(m));
                }
            }
            return "at " + and(times);
        }
        String within = " during hours " + list(hours, CronDescriber::two, true);
        if (minutes.size() == 60) {
            return "every minute" + within;
        }
        return (step > 0 ? "every " + step + " minutes" : "at minutes " + join(minutes)) + within;
    }

    private static String days(CronExpression cron) {
        String dom = cron.dayOfMonthRestricted()
                ? "day" + (Long.bitCount(cron.dayOfMonthBits()) > 1 ? "s " : " ")
                + list(values(cron.dayOfMonthBits(), 1, 31), String::valueOf, false) + " of the month" : "";
        String dow = cron.dayOfWeekRestricted()
                ? list(values(cron.dayOfWeekBits(), 0, 6), d -> name(DayOfWeek.of(d == 0 ? 7 : d)), true) : "";
        if (!dom.isEmpty() && !dow.isEmpty()) {
            return " on " + dom + " or on " + dow;
        }
        return dom.isEmpty() && dow.isEmpty() ? "" : " on " + dom + dow;
    }

    /** Values joined; runs of three or more written as "a through b" when {@code ranges}. */
    private static String list(List<Integer> values, IntFunction<String> show, boolean ranges) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < values.size(); ) {
            int j = i;
            while (ranges && j + 1 < values.size() && values.get(j + 1) == values.get(j) + 1) {
                j++;
            }
            if (j - i >= 2) {
                parts.add(show.apply(values.get(i)) + " through " + show.apply(values.get(j)));
                i = j + 1;
            } else {
                parts.add(show.apply(values.get(i)));
                i++;
            }
        }
        return and(parts);
    }

    /** The step of an evenly spaced set starting at 0 and covering the hour, or 0. */
    private static int step(List<Integer> minutes) {
        if (minutes.size() < 2 || minutes.get(0) != 0) {
            return 0;
        }
        int step = minutes.get(1);
        for (int i = 1; i < minutes.size(); i++) {
            if (minutes.get(i) - minutes.get(i - 1) != step) {
                return 0;
            }
        }
        return minutes.get(minutes.size() - 1) + step >= 60 ? step : 0;
    }

    private static List<Integer> values(long bits, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (int v = min; v <= max; v++) {
            if ((bits & (1L << v)) != 0) {
                out.add(v);
            }
        }
        return out;
    }

    private static String and(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String join(List<Integer> values) {
        return and(values.stream().map(String::valueOf).toList());
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : String.valueOf(v);
    }

    private static String name(Month m) {
        return m.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String name(DayOfWeek d) {
        return d.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
}
