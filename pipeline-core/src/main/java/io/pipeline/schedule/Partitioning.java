package io.pipeline.schedule;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a dataset (or a DAG's runs) is cut into partitions. A partition key is an ISO date: a session of an exchange
 * calendar ({@link #sessionsOf}) or a calendar day in a zone ({@link #calendarDays}). The run of a key has its
 * logical date at midnight of the key in the partitioning's zone (as session timetables do), and its data interval
 * is the session (open to close) or the day.
 */
public sealed interface Partitioning permits Partitioning.Sessions, Partitioning.Days {

    /** Partitions by the sessions of an exchange calendar; an unknown code fails listing the valid ones. */
    static Partitioning sessionsOf(String calendarCode) {
        return new Sessions(Calendars.get(calendarCode));
    }

    static Partitioning sessionsOf(ExchangeCalendar calendar) {
        return new Sessions(calendar);
    }

    /** Partitions by calendar day in an IANA zone. */
    static Partitioning calendarDays(String zone) {
        return new Days(Schedules.zone(zone));
    }

    /**
     * The partitioning a stored name stands for ({@code sessions:XNYS}, {@code days:UTC}); the inverse of
     * {@link #name()}.
     */
    static Partitioning parse(String name) {
        if (name == null) {
            return null;
        }
        if (name.startsWith("sessions:")) {
            return sessionsOf(name.substring("sessions:".length()));
        }
        if (name.startsWith("days:")) {
            return calendarDays(name.substring("days:".length()));
        }
        throw new IllegalArgumentException("unknown partitioning '" + name + "'");
    }

    /** {@code sessions:XNYS} or {@code days:Europe/London}. */
    String name();

    ZoneId zone();

    /** True when {@code key} is a partition of this partitioning. */
    boolean isKey(LocalDate key);

    /** The partition a logical date falls in: its local date, or the last session on or before it. */
    LocalDate keyFor(Instant logicalDate);

    /** The data interval of a partition: the session from open to close, or the day. */
    DataInterval interval(LocalDate key);

    /** Partitions with from &lt;= key &lt;= to, in order. */
    List<LocalDate> keysBetween(LocalDate from, LocalDate to);

    /** The partition before {@code key}. */
    LocalDate previous(LocalDate key);

    /** The run of a partition: logical date at midnight of the key, the partition's interval, its end as run-after. */
    default DagRunInfo run(LocalDate key) {
        requireKey(key.toString());
        DataInterval interval = interval(key);
        LocalDate session = this instanceof Sessions ? key : null;
        return new DagRunInfo(key.atStartOfDay(zone()).toInstant(), interval, interval.end(), session);
    }

    /**
     * Parses and checks a partition key; throws {@link InvalidDatasetException} naming the key and why it is not one
     * (not an ISO date, a holiday or weekend of the calendar, outside the calendar's range).
     */
    default LocalDate requireKey(String key) {
        LocalDate date;
        try {
            date = LocalDate.parse(Objects.requireNonNull(key, "partition key"));
        } catch (DateTimeParseException e) {
            throw new InvalidDatasetException("partition key '" + key + "' is not a date (YYYY-MM-DD) of " + name());
        }
        if (!isKey(date)) {
            throw new InvalidDatasetException("partition key '" + key + "' is not a " + keyWord() + " of " + name());
        }
        return date;
    }

    private String keyWord() {
        return this instanceof Sessions ? "session" : "day";
    }

    /** The sessions of an exchange calendar. */
    record Sessions(ExchangeCalendar calendar) implements Partitioning {
        public Sessions {
            Objects.requireNonNull(calendar, "calendar");
        }

        @Override
        public String name() {
            return "sessions:" + calendar.code();
        }

        @Override
        public ZoneId zone() {
            return calendar.zone();
        }

        @Override
        public boolean isKey(LocalDate key) {
            return !key.isBefore(calendar.firstSession()) && !key.isAfter(calendar.lastSession())
                    && calendar.isSession(key);
        }

        @Override
        public LocalDate keyFor(Instant logicalDate) {
            LocalDate d = logicalDate.atZone(zone()).toLocalDate();
            return calendar.isSession(d) ? d : calendar.previousSession(d);
        }

        @Override
        public DataInterval interval(LocalDate key) {
            var s = calendar.session(key);
            return DataInterval.between(s.open(), s.close());
        }

        @Override
        public List<LocalDate> keysBetween(LocalDate from, LocalDate to) {
            return calendar.sessionsInRange(from, to);
        }

        @Override
        public LocalDate previous(LocalDate key) {
            return calendar.previousSession(key);
        }

        // Records compare their calendar by identity; two partitionings of the same calendar code are the same.
        @Override
        public boolean equals(Object o) {
            return o instanceof Sessions s && s.calendar.code().equals(calendar.code());
        }

        @Override
        public int hashCode() {
            return calendar.code().hashCode();
        }
    }

    /** Calendar days in a zone. */
    record Days(ZoneId zone) implements Partitioning {
        public Days {
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public String name() {
            return "days:" + zone.getId();
        }

        @Override
        public boolean isKey(LocalDate key) {
            return true;
        }

        @Override
        public LocalDate keyFor(Instant logicalDate) {
            return logicalDate.atZone(zone).toLocalDate();
        }

        @Override
        public DataInterval interval(LocalDate key) {
            return DataInterval.between(key.atStartOfDay(zone).toInstant(), key.plusDays(1).atStartOfDay(zone).toInstant());
        }

        @Override
        public List<LocalDate> keysBetween(LocalDate from, LocalDate to) {
            List<LocalDate> out = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                out.add(d);
            }
            return out;
        }

        @Override
        public LocalDate previous(LocalDate key) {
            return key.minusDays(1);
        }
    }
}
