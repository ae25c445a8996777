package io.pipeline.calendar;

import java.util.Collection;

/** A calendar code that is not supported. The message lists the valid codes. */
public class UnknownCalendarException extends IllegalArgumentException {
    public UnknownCalendarException(String code, Collection<String> valid) {
        super("unknown calendar '" + code + "'; valid codes: " + String.join(", ", valid));
    }
}
