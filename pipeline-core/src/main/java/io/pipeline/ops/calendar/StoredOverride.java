package io.pipeline.ops.calendar;

import io.pipeline.calendar.CalendarOverride;

import java.time.Instant;

/**
 * An override as stored: the calendar, the override, and who set it when.
 *
 * @param calendar the calendar's code, upper case
 */
public record StoredOverride(String calendar, CalendarOverride override, String updatedBy, Instant updatedAt) {
}
