package io.pipeline.calendar.exchange.asia;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.Session;
import io.pipeline.calendar.rules.Holidays;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers for the exchange-rule tests: weekday closures and sessions of a year, dates and instants. */
final class RulesFixtures {

    private RulesFixtures() {
    }

    /** Weekdays of {@code year} on which the rules have no session. */
    static List<LocalDate> closedWeekdays(ExchangeRules rules, int year) {
        List<LocalDate> closed = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            if (!Holidays.isWeekend(d) && rules.session(d).isEmpty()) {
                closed.add(d);
            }
        }
        return closed;
    }

    static List<Session> sessions(ExchangeRules rules, int year) {
        List<Session> sessions = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            rules.session(d).ifPresent(sessions::add);
        }
        return sessions;
    }

    /** The number of Monday-to-Friday dates in {@code year}, counted without any exchange rule. */
    static int weekdays(int year) {
        int n = 0;
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            n += Holidays.isWeekend(d) ? 0 : 1;
        }
        return n;
    }

    /** Weekday dates from a notice, written as ISO strings, in date order; weekend dates of the notice are dropped. */
    static List<LocalDate> weekdaysOf(String... isoDates) {
        return Arrays.stream(isoDates).map(LocalDate::parse).filter(d -> !Holidays.isWeekend(d)).sorted().toList();
    }

    static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    static Instant utc(String iso) {
        return Instant.parse(iso);
    }

    static Session session(ExchangeRules rules, String iso) {
        return rules.session(LocalDate.parse(iso))
                .orElseThrow(() -> new AssertionError(rules.code() + " has no session on " + iso));
    }
}
