package io.pipeline.dag.alert;

import io.pipeline.calendar.ExchangeCalendar;

/**
 * Finds a trading calendar by exchange code. The application passes {@code Calendars::get}; an unknown code throws
 * an exception naming it.
 */
@FunctionalInterface
public interface CalendarLookup {
    ExchangeCalendar get(String code);
}
