package io.pipeline.calendar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The rules of one exchange, stated day by day. The calendar framework turns these into an indexed
 * {@link ExchangeCalendar} once, at build time, for every date in [firstSession, lastSession].
 * Implementations are plain Java: regular holidays with their observance rules, Easter-relative days, lunar and
 * equinox tables, dated ad hoc closures (each with a one-line source note in a comment), and the trading hours in
 * force in each period.
 */
public interface ExchangeRules {

    String code();

    String name();

    ZoneId zone();

    /** First and last dates the rules are stated for (the calendar's bounds). */
    LocalDate firstSession();

    LocalDate lastSession();

    /**
     * The first date from which the calendar's days are computed by its stated rules rather than taken from
     * published lists, for calendars whose holidays depend on announcements not yet made (lunar festivals,
     * equinox days); null when every day follows standing rules.
     */
    default LocalDate computedFrom() {
        return null;
    }

    /** The session labelled {@code date}, or empty when the exchange does not trade a session with that label. */
    Optional<Session> session(LocalDate date);

    /** For a weekday with no session: the holiday's name or the closure's reason. Null for sessions and weekends. */
    String closureName(LocalDate date);

    /**
     * The session the exchange would have on {@code date} under its regular hours (no early close, no late open),
     * used to tell early closes and late opens apart from regular sessions.
     */
    Session regularSession(LocalDate date);
}
