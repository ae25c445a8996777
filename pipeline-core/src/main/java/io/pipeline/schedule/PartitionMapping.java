package io.pipeline.schedule;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the partitions of an input dataset map to the partitions of the runs that wait for it:
 * <ul>
 *   <li>{@link #sameSession()}: the run of key K waits for the input's K (the default);</li>
 *   <li>{@link #previousSession()}: the run of session S waits for the input's session before S;</li>
 *   <li>{@link #lastSessionOfWeek()} / {@link #lastSessionOfMonth()}: the run of the last session of a week (month)
 *       waits for every session of that week (month);</li>
 *   <li>{@link #sessionOpenAt(String, SessionEvent, Duration)}: the run of session S of another calendar waits for
 *       the input sessions whose event (e.g. the London close) falls while S is open (XLON to XNYS);</li>
 *   <li>{@link #latestSessionOnOrBefore()}: the run of day D (a cron schedule's run, keyed by the days of the
 *       calendar's zone) waits for the input's latest session on or before D: D itself when it is a session, else
 *       the session before it (a Saturday's run waits for Friday's).</li>
 * </ul>
 * {@link #target(Partitioning)} checks the input's partitioning and names the run's partitioning; a mapping that
 * does not fit throws {@link IncompatiblePartitionsException}.
 */
public sealed interface PartitionMapping {

    static PartitionMapping sameSession() {
        return Same.INSTANCE;
    }

    static PartitionMapping previousSession() {
        return Previous.INSTANCE;
    }

    static PartitionMapping lastSessionOfWeek() {
        return new PeriodEnd(false);
    }

    static PartitionMapping lastSessionOfMonth() {
        return new PeriodEnd(true);
    }

    /**
     * The session of {@code targetCalendar} that is open at the input session's {@code event} plus {@code offset};
     * an input session at whose instant the target calendar is closed maps to no run.
     */
    static PartitionMapping sessionOpenAt(String targetCalendar, SessionEvent event, Duration offset) {
        return new OpenAt(Calendars.get(targetCalendar), event, offset);
    }

    /**
     * The run of day D waits for the input's latest session on or before D; the runs are keyed by the days of the
     * input calendar's zone (a cron schedule in that zone waiting for a session-partitioned dataset).
     */
    static PartitionMapping latestSessionOnOrBefore() {
        return LatestSession.INSTANCE;
    }

    /** Short name for expressions and messages, e.g. {@code previous_session}. */
    String label();

    /** The partitioning of the runs, given the input's; throws naming both when the mapping does not fit. */
    Partitioning target(Partitioning input);

    /** The run key an input event for {@code inputKey} counts towards, or null for none. */
    LocalDate runKey(Partitioning input, LocalDate inputKey);

    /** The input keys the run of {@code runKey} waits for (every one needs an event). */
    List<LocalDate> inputKeys(Partitioning input, LocalDate runKey);

    private static IncompatiblePartitionsException incompatible(PartitionMapping m, Partitioning input, String why) {
        return new IncompatiblePartitionsException("partition mapping " + m.label() + " cannot map "
                + (input == null ? "an unpartitioned dataset" : input.name()) + ": " + why);
    }

    private static Partitioning.Sessions sessions(PartitionMapping m, Partitioning input) {
        if (input instanceof Partitioning.Sessions s) {
            return s;
        }
        throw incompatible(m, input, "it needs a dataset partitioned by the sessions of a calendar");
    }

    /** The run of K waits for the input's K. */
    enum Same implements PartitionMapping {
        INSTANCE;

        @Override public String label() { return "same_session"; }

        @Override
        public Partitioning target(Partitioning input) {
            if (input == null) {
                throw incompatible(this, null, "it needs a partitioned dataset");
            }
            return input;
        }

        @Override public LocalDate runKey(Partitioning input, LocalDate inputKey) { return inputKey; }

        @Override public List<LocalDate> inputKeys(Partitioning input, LocalDate runKey) { return List.of(runKey); }
    }

    /** The run of S waits for the input's previous session. */
    enum Previous implements PartitionMapping {
        INSTANCE;

        @Override public String label() { return "previous_session"; }

        @Override
        public Partitioning target(Partitioning input) {
            return sessions(this, input);
        }

        @Override
        public LocalDate runKey(Partitioning input, LocalDate inputKey) {
            return sessions(this, input).calendar().nextSession(inputKey);
        }

        @Override
        public List<LocalDate> inputKeys(Partitioning input, LocalDate runKey) {
            return List.of(input.previous(runKey));
        }
    }

    /** The run of the last session of a week or month waits for all its sessions. */
    record PeriodEnd(boolean month) implements PartitionMapping {
        @Override public String label() { return month ? "last_session_of_month" : "last_session_of_week"; }

        @Override
        public Partitioning target(Partitioning input) {
            return sessions(this, input);
        }

        @Override
        public LocalDate runKey(Partitioning input, LocalDate inputKey) {
            ExchangeCalendar c = sessions(this, input).calendar();
            LocalDate last = inputKey;
            for (LocalDate next = c.nextSession(last); samePeriod(next, inputKey); next = c.nextSession(next)) {
                last = next;
            }
            return last;
        }

        @Override
        public List<LocalDate> inputKeys(Partitioning input, LocalDate runKey) {
            ExchangeCalendar c = sessions(this, input).calendar();
            if (!runKey(input, runKey).equals(runKey)) {
                return List.of(); // not the last session of its period: no run waits on this key
            }
            List<LocalDate> keys = new ArrayList<>();
            for (LocalDate d = runKey; d != null && samePeriod(d, runKey); d = previousOrNull(c, d)) {
                keys.addFirst(d);
            }
            return keys;
        }

        private static LocalDate previousOrNull(ExchangeCalendar c, LocalDate d) {
            return d.isAfter(c.firstSession()) ? c.previousSession(d) : null;
        }

        private boolean samePeriod(LocalDate a, LocalDate b) {
            if (month) {
                return a.getYear() == b.getYear() && a.getMonth() == b.getMonth();
            }
            return a.get(IsoFields.WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_BASED_YEAR)
                    && a.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }
    }

    /** The session of another calendar open at an instant of the input session. */
    record OpenAt(ExchangeCalendar targetCalendar, SessionEvent event, Duration offset) implements PartitionMapping {
        public OpenAt {
            Objects.requireNonNull(targetCalendar, "targetCalendar");
            Objects.requireNonNull(event, "event");
            offset = offset == null ? Duration.ZERO : offset;
        }

        @Override
        public String label() {
            return "session_of_" + targetCalendar.code() + "_open_at_" + event.name().toLowerCase()
                    + (offset.isZero() ? "" : "_plus_" + offset);
        }

        @Override
        public Partitioning target(Partitioning input) {
            Partitioning.Sessions in = sessions(this, input);
            if (in.calendar().code().equals(targetCalendar.code())) {
                throw incompatible(this, input, "the input is already of " + targetCalendar.code()
                        + "; use same_session");
            }
            return Partitioning.sessionsOf(targetCalendar);
        }

        @Override
        public LocalDate runKey(Partitioning input, LocalDate inputKey) {
            Instant at = event.in(sessions(this, input).calendar().session(inputKey));
            if (at == null) {
                return null;
            }
            at = at.plus(offset);
            if (!targetCalendar.isOpenAt(at)) {
                return null;
            }
            return targetCalendar.minuteToSession(at, io.pipeline.calendar.ExchangeCalendar.Direction.PREVIOUS);
        }

        @Override
        public List<LocalDate> inputKeys(Partitioning input, LocalDate runKey) {
            ExchangeCalendar in = sessions(this, input).calendar();
            List<LocalDate> keys = new ArrayList<>();
            for (LocalDate d : in.sessionsInRange(runKey.minusDays(2), runKey.plusDays(2))) {
                if (runKey.equals(runKey(input, d))) {
                    keys.add(d);
                }
            }
            return keys;
        }
    }

    /** The run of day D waits for the input's latest session on or before D. */
    enum LatestSession implements PartitionMapping {
        INSTANCE;

        @Override public String label() { return "latest_session_on_or_before"; }

        @Override
        public Partitioning target(Partitioning input) {
            return new Partitioning.Days(sessions(this, input).calendar().zone());
        }

        /** The day of the session itself (the later days it also stands for get their run from their schedule). */
        @Override
        public LocalDate runKey(Partitioning input, LocalDate inputKey) {
            return inputKey;
        }

        @Override
        public List<LocalDate> inputKeys(Partitioning input, LocalDate runKey) {
            ExchangeCalendar c = sessions(this, input).calendar();
            if (runKey.isBefore(c.firstSession()) || runKey.isAfter(c.lastSession())) {
                return List.of(); // outside the calendar's range: no session to wait for
            }
            return List.of(c.isSession(runKey) ? runKey : c.previousSession(runKey));
        }
    }
}
