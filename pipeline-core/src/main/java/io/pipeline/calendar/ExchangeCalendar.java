package io.pipeline.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The sessions of one exchange over its supported range, in the spirit of the exchange_calendars library.
 * A "session" is identified by its label date. All methods are pure: no clock reads.
 * Every method taking a date or instant outside [firstSession, lastSession] (or the instants those bound)
 * throws {@link CalendarOutOfBoundsException} naming the calendar and its bounds.
 */
public interface ExchangeCalendar {

    /** Exchange code, e.g. {@code XNYS}. */
    String code();

    /** Human-readable name, e.g. {@code New York Stock Exchange}. */
    String name();

    /** IANA zone of the exchange's local time. */
    ZoneId zone();

    LocalDate firstSession();

    LocalDate lastSession();

    /** See {@link ExchangeRules#computedFrom()}; null when every day follows standing rules. */
    default LocalDate computedFrom() {
        return null;
    }

    boolean isSession(LocalDate date);

    /** The first session strictly after {@code date} (date need not be a session). */
    LocalDate nextSession(LocalDate date);

    /** The last session strictly before {@code date} (date need not be a session). */
    LocalDate previousSession(LocalDate date);

    /** The session {@code count} sessions away from {@code session} (which must be a session); 0 returns it. */
    LocalDate sessionOffset(LocalDate session, int count);

    /** Sessions with from &lt;= date &lt;= to, in order. */
    List<LocalDate> sessionsInRange(LocalDate from, LocalDate to);

    /** Full session records with from &lt;= date &lt;= to, in order. */
    List<Session> sessions(LocalDate from, LocalDate to);

    /** The session record; throws IllegalArgumentException naming the date when it is not a session. */
    Session session(LocalDate session);

    default Instant sessionOpen(LocalDate session) {
        return session(session).open();
    }

    default Instant sessionClose(LocalDate session) {
        return session(session).close();
    }

    /** Start of the session's lunch break; empty when the session has none. */
    default Optional<Instant> sessionBreakStart(LocalDate session) {
        return Optional.ofNullable(session(session).breakStart());
    }

    /** End of the session's lunch break; empty when the session has none. */
    default Optional<Instant> sessionBreakEnd(LocalDate session) {
        return Optional.ofNullable(session(session).breakEnd());
    }

    /** True when the exchange is trading at the instant (open &lt;= t &lt; close, outside any break). */
    boolean isOpenAt(Instant instant);

    /** The first session open strictly after the instant. */
    Instant nextOpen(Instant instant);

    /** The first session close strictly after the instant. */
    Instant nextClose(Instant instant);

    /** The session an instant belongs to; when it falls outside any session, the next or previous one. */
    LocalDate minuteToSession(Instant instant, Direction direction);

    /** Weekdays in [from, to] that are not sessions, with the holiday's name (or the closure's reason). */
    NavigableMap<LocalDate, String> holidays(LocalDate from, LocalDate to);

    /** Sessions in [from, to] that close earlier than the regular close for that date. */
    List<LocalDate> earlyCloses(LocalDate from, LocalDate to);

    /** Sessions in [from, to] that open later than the regular open for that date. */
    List<LocalDate> lateOpens(LocalDate from, LocalDate to);

    /** Minutes of trading in the session, excluding the break. */
    long tradingMinutes(LocalDate session);

    enum Direction { NEXT, PREVIOUS, NONE }
}
