package io.pipeline.schedule;

import java.util.List;
import java.util.Locale;

/** One of the five fields of a cron expression, parsed into a bit set of allowed values. */
enum CronField {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    // 0 and 7 are both Sunday.
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    final String label;
    final int min;
    final int max;
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** Bits of the allowed values; for day-of-week, 7 is folded onto 0. */
    long parse(String expression, String text) {
        long bits = 0;
        for (String item : text.split(",", -1)) {
            bits |= parseItem(expression, text, item);
        }
        if (this == DAY_OF_WEEK && (bits & (1L << 7)) != 0) {
            bits = (bits & ~(1L << 7)) | 1L;
        }
        return bits;
    }

    private long parseItem(String expression, String text, String item) {
        if (item.isEmpty()) {
            throw error(expression, text, "empty list item");
        }
        int step = 1;
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(expression, text, item.substring(slash + 1));
            if (step < 1) {
                throw error(expression, text, "step must be at least 1, got " + step);
            }
        }
        int from;
        int to;
        if (range.equals("*") || range.equals("?")) {
            from = min;
            to = this == DAY_OF_WEEK ? 6 : max;
        } else {
            int dash = range.indexOf('-', 1);
            from = value(expression, text, dash < 0 ? range : range.substring(0, dash));
            to = dash < 0 ? (slash >= 0 ? max : from) : value(expression, text, range.substring(dash + 1));
            if (to < from) {
                throw error(expression, text, "range " + range + " runs backwards");
            }
        }
        long bits = 0;
        for (int v = from; v <= to; v += step) {
            bits |= 1L << v;
        }
        return bits;
    }

    private int value(String expression, String text, String token) {
        int i = names.indexOf(token.toUpperCase(Locale.ROOT));
        int v = i >= 0 ? i + min : number(expression, text, token);
        if (v < min || v > max) {
            throw error(expression, text, v + " is out of range " + min + "-" + max);
        }
        return v;
    }

    private int number(String expression, String text, String token) {
        if (token.isEmpty() || token.length() > 4 || !token.chars().allMatch(Character::isDigit)) {
            throw error(expression, text, "'" + token + "' is not a number"
                    + (names.isEmpty() ? "" : " or a name like " + names.get(1)));
        }
        return Integer.parseInt(token);
    }

    private InvalidScheduleException error(String expression, String text, String why) {
        return new InvalidScheduleException(
                "invalid cron expression '" + expression + "': " + label + " field '" + text + "': " + why);
    }

    long all() {
        long bits = 0;
        for (int v = min; v <= (this == DAY_OF_WEEK ? 6 : max); v++) {
            bits |= 1L << v;
        }
        return bits;
    }
}
