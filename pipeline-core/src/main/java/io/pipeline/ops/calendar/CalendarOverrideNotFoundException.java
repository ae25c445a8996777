package io.pipeline.ops.calendar;

import java.time.LocalDate;

/** No override of that calendar on that date. */
public class CalendarOverrideNotFoundException extends RuntimeException {
    public CalendarOverrideNotFoundException(String calendar, LocalDate date) {
        super("calendar " + calendar + " has no override on " + date);
    }
}
