package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.Session;
import io.pipeline.calendar.rules.Holidays;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers for the exchange-rule tests: weekday closures and early closes of a year, dates and instants. */
final class Fixtures {

    private Fixtures() {
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

    /** Sessions of {@code year} that close before the regular close of their date. */
    static List<LocalDate> earlyCloses(ExchangeRules rules, int year) {
        List<LocalDate> early = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            LocalDate day = d;
            rules.session(d).ifPresent(s -> {
                if (s.close().isBefore(rules.regularSession(day).close())) {
                    early.add(day);
                }
            });
        }
        return early;
    }

    /** Weekday dates from a notice, in date order; weekend dates of the notice are dropped. */
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
