package io.pipeline.calendar.exchange;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/** Test helpers that state sessions in the exchange's local time, as exchange notices do. */
final class LocalTimes {

    private LocalTimes() {
    }

    static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    /** The instant of a local date-time such as {@code 2024-03-10T17:00} in the calendar's zone. */
    static Instant local(ExchangeCalendar calendar, String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), calendar.zone()).toInstant();
    }

    static LocalTime localOpen(ExchangeCalendar calendar, String session) {
        return calendar.sessionOpen(date(session)).atZone(calendar.zone()).toLocalTime();
    }

    static LocalTime localClose(ExchangeCalendar calendar, String session) {
        return calendar.sessionClose(date(session)).atZone(calendar.zone()).toLocalTime();
    }

    static Session session(ExchangeCalendar calendar, String session) {
        return calendar.session(date(session));
    }
}
