package io.pipeline.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A small made-up exchange for framework tests: Tokyo time, 09:00-15:00 with a lunch break 11:30-12:30, closed on
 * weekends and on 2024-01-03; a late open (10:00) on 2024-01-04 and a half day without break (09:00-11:30) on
 * 2024-01-05. Range 2024-01-02 to 2024-01-31.
 */
class TestExchange implements ExchangeRules {

    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    @Override
    public String code() {
        return "TEST";
    }

    @Override
    public String name() {
        return "Test exchange";
    }

    @Override
    public ZoneId zone() {
        return ZONE;
    }

    @Override
    public LocalDate firstSession() {
        return LocalDate.of(2024, 1, 2);
    }

    @Override
    public LocalDate lastSession() {
        return LocalDate.of(2024, 1, 31);
    }

    @Override
    public Optional<Session> session(LocalDate date) {
        if (isWeekend(date) || date.equals(LocalDate.of(2024, 1, 3))) {
            return Optional.empty();
        }
        if (date.equals(LocalDate.of(2024, 1, 4))) {
            return Optional.of(new Session(date, at(date, 10, 0), at(date, 15, 0), at(date, 11, 30), at(date, 12, 30)));
        }
        if (date.equals(LocalDate.of(2024, 1, 5))) {
            return Optional.of(Session.of(date, at(date, 9, 0), at(date, 11, 30)));
        }
        return Optional.of(regularSession(date));
    }

    @Override
    public String closureName(LocalDate date) {
        return date.equals(LocalDate.of(2024, 1, 3)) ? "Bank holiday" : null;
    }

    @Override
    public Session regularSession(LocalDate date) {
        return new Session(date, at(date, 9, 0), at(date, 15, 0), at(date, 11, 30), at(date, 12, 30));
    }

    static Instant at(LocalDate date, int hour, int minute) {
        return ZonedDateTime.of(date, LocalTime.of(hour, minute), ZONE).toInstant();
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
