package io.pipeline.schedule;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A point of each trading session: one of its events ({@link SessionEvent}) plus or minus an offset, as session
 * schedules use them ({@code Schedules.sessionClose("XNYS").plus(..)}). A dataset's freshness deadline is one:
 * <pre>{@code
 * Dataset.of("postgres://marketdata/public/bars_1d").partitionedBy(Partitioning.sessionsOf("XNYS"))
 *         .freshBy(SessionTime.close().plus(Duration.ofMinutes(45)))   // bars_1d[S] by S's close + 45 min
 * }</pre>
 * Early closes and late opens move it with them; a break event of a session without a break is no instant.
 */
public record SessionTime(SessionEvent event, Duration offset) implements FreshnessDeadline {

    public SessionTime {
        Objects.requireNonNull(event, "event");
        offset = Offsets.checked(offset);
    }

    public static SessionTime open() {
        return new SessionTime(SessionEvent.OPEN, Duration.ZERO);
    }

    public static SessionTime close() {
        return new SessionTime(SessionEvent.CLOSE, Duration.ZERO);
    }

    public static SessionTime breakStart() {
        return new SessionTime(SessionEvent.BREAK_START, Duration.ZERO);
    }

    public static SessionTime breakEnd() {
        return new SessionTime(SessionEvent.BREAK_END, Duration.ZERO);
    }

    /** The same point, {@code delta} later. */
    public SessionTime plus(Duration delta) {
        return new SessionTime(event, offset.plus(delta));
    }

    /** The same point, {@code delta} earlier. */
    public SessionTime minus(Duration delta) {
        return new SessionTime(event, offset.minus(delta));
    }

    /** The instant in a session, or null for a break event of a session without a break. */
    public Instant in(Session session) {
        Instant at = event.in(session);
        return at == null ? null : at.plus(offset);
    }

    /** The instant in a session of a calendar, or null when {@code date} is not a session or has no such event. */
    public Instant in(ExchangeCalendar calendar, LocalDate date) {
        if (date.isBefore(calendar.firstSession()) || date.isAfter(calendar.lastSession())
                || !calendar.isSession(date)) {
            return null;
        }
        return in(calendar.session(date));
    }

    /** In words: {@code "45 min after the XNYS close"}. */
    public String describe(String calendarCode) {
        return Offsets.words(offset, "the " + calendarCode + " " + event.words());
    }

    @Override
    public String problemWith(Partitioning partitioning) {
        return partitioning instanceof Partitioning.Sessions ? null
                : "a freshness deadline at a session time needs a dataset partitioned by the sessions of a calendar, "
                + "not " + (partitioning == null ? "an unpartitioned one" : partitioning.name());
    }

    @Override
    public Instant in(Partitioning partitioning, LocalDate key) {
        return in(((Partitioning.Sessions) partitioning).calendar(), key);
    }

    @Override
    public String describe(Partitioning partitioning) {
        return describe(((Partitioning.Sessions) partitioning).calendar().code());
    }

    @Override
    public java.time.ZoneId zone(Partitioning partitioning) {
        return partitioning.zone();
    }

    @Override
    public Duration reach() {
        return offset.abs();
    }
}
