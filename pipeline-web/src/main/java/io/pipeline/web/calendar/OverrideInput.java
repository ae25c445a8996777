package io.pipeline.web.calendar;

import io.pipeline.calendar.CalendarOverride;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * Reads an override as the API, the dashboard's form and the CLI give it: text fields, the date as YYYY-MM-DD and
 * the times as HH:mm in the exchange's local time. Every problem is an IllegalArgumentException naming the field.
 * The build copies this package to the jar's root for the light calendar commands (docs/decisions/cli-dispatch.md):
 * JDK and {@code io.pipeline.calendar} only.
 */
public final class OverrideInput {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);

    private OverrideInput() {
    }

    public static CalendarOverride parse(String date, String kind, String open, String close, String breakStart,
                                         String breakEnd, String reason) {
        LocalDate day = date("date", date);
        CalendarOverride.Kind k;
        try {
            k = CalendarOverride.Kind.of(blankToNull(kind));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Field 'kind': " + e.getMessage(), e);
        }
        return new CalendarOverride(day, k, time("open", open), time("close", close),
                time("break_start", breakStart), time("break_end", breakEnd), blankToNull(reason));
    }

    public static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value == null ? "" : value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Field '" + field + "': '" + value
                    + "' is not a date in the form YYYY-MM-DD", e);
        }
    }

    private static LocalTime time(String field, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return LocalTime.parse(v.trim(), HH_MM);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Field '" + field + "': '" + value
                    + "' is not a local time in the form HH:mm", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
