package io.pipeline.calendar;

import io.pipeline.calendar.rules.Holidays;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Asks an {@link ExchangeRules} about every date in its range once and turns the answers into an
 * {@link IndexedCalendar}. Answers that cannot be right (a session labelled with another date, sessions out of order
 * or overlapping, an unnamed weekday closure) fail the build with the calendar and date named.
 */
final class CalendarCompiler {

    private CalendarCompiler() {
    }

    static IndexedCalendar compile(ExchangeRules rules) {
        Objects.requireNonNull(rules, "rules");
        String code = Objects.requireNonNull(rules.code(), "rules.code()");
        LocalDate from = Objects.requireNonNull(rules.firstSession(), code + ": firstSession");
        LocalDate to = Objects.requireNonNull(rules.lastSession(), code + ": lastSession");
        if (to.isBefore(from)) {
            throw new IllegalStateException(code + ": lastSession " + to + " is before firstSession " + from);
        }
        List<Session> sessions = new ArrayList<>(10_500);
        TreeMap<LocalDate, String> closures = new TreeMap<>();
        Session previous = null;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Optional<Session> found = Objects.requireNonNull(rules.session(d), code + ": session(" + d + ")");
            if (found.isPresent()) {
                Session s = found.get();
                check(code, d, s, previous);
                sessions.add(s);
                previous = s;
            } else if (!Holidays.isWeekend(d)) {
                closures.put(d, closureName(rules, code, d));
            }
        }
        if (sessions.isEmpty()) {
            throw new IllegalStateException(code + ": no sessions between " + from + " and " + to);
        }
        LocalDate first = sessions.getFirst().date();
        LocalDate last = sessions.getLast().date();
        return new IndexedCalendar(code, rules.name(), rules.zone(), sessions,
                new TreeMap<>(closures.subMap(first, true, last, true)), specialHours(rules, sessions),
                rules.computedFrom());
    }

    private static void check(String code, LocalDate date, Session s, Session previous) {
        if (!s.date().equals(date)) {
            throw new IllegalStateException(code + ": session asked for " + date + " is labelled " + s.date());
        }
        if (previous != null && s.open().isBefore(previous.close())) {
            throw new IllegalStateException(code + ": session " + date + " opens at " + s.open()
                    + ", before session " + previous.date() + " closes at " + previous.close());
        }
    }

    private static String closureName(ExchangeRules rules, String code, LocalDate date) {
        String name = rules.closureName(date);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException(code + ": weekday " + date + " is not a session but has no closure name");
        }
        return name;
    }

    private static IndexedCalendar.SpecialHours specialHours(ExchangeRules rules, List<Session> sessions) {
        BitSet early = new BitSet(sessions.size());
        BitSet late = new BitSet(sessions.size());
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            Session regular = rules.regularSession(s.date());
            early.set(i, s.close().isBefore(regular.close()));
            late.set(i, s.open().isAfter(regular.open()));
        }
        return new IndexedCalendar.SpecialHours(early, late);
    }
}
