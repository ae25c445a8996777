package io.pipeline.schedule;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Factories for timetables, named for intent:
 * <pre>{@code
 * Schedules.cron("0 4 * * 1-5", "America/New_York")
 * Schedules.onSessions("XNYS").at("04:00", "America/New_York")
 * Schedules.sessionClose("XNYS").plus(Duration.ofMinutes(30))
 * Schedules.breakStart("XTKS")
 * Schedules.lastSessionOfWeek("XNYS").plus(Duration.ofHours(1))
 * Schedules.onSessions("XNYS").cron("0,30 9-16 * * 1-5")
 * Schedules.onPartitions(BARS_1D, FUNDAMENTALS)
 * Schedules.onDatasets(VENDOR_FILE)
 * Schedules.sessionOpen("XNYS").waitingFor(BARS_1D.previousSession())
 * Schedules.manual()
 * }</pre>
 * Calendar codes resolve through {@link Calendars}; an unknown code fails listing the valid ones.
 */
public final class Schedules {

    private Schedules() {
    }

    /** Manual-only: never scheduled. */
    public static Timetable manual() {
        return ManualTimetable.INSTANCE;
    }

    /** A cron expression evaluated in an IANA zone. */
    public static CronTimetable cron(String expression, String zone) {
        return new CronTimetable(CronExpression.parse(expression), zone(zone));
    }

    public static CronTimetable cron(String expression, ZoneId zone) {
        return new CronTimetable(CronExpression.parse(expression), zone);
    }

    /** A cron expression in UTC. */
    public static CronTimetable cron(String expression) {
        return cron(expression, ZoneId.of("UTC"));
    }

    /** Runs on the sessions of a calendar; finish with {@code .at(..)} or {@code .cron(..)}. */
    public static OnSessions onSessions(String calendarCode) {
        return new OnSessions(Calendars.get(calendarCode));
    }

    public static OnSessions onSessions(ExchangeCalendar calendar) {
        return new OnSessions(calendar);
    }

    public static SessionEventTimetable sessionOpen(String calendarCode) {
        return sessionOpen(Calendars.get(calendarCode));
    }

    public static SessionEventTimetable sessionOpen(ExchangeCalendar calendar) {
        return new SessionEventTimetable(calendar, SessionEvent.OPEN, Duration.ZERO);
    }

    public static SessionEventTimetable sessionClose(String calendarCode) {
        return sessionClose(Calendars.get(calendarCode));
    }

    public static SessionEventTimetable sessionClose(ExchangeCalendar calendar) {
        return new SessionEventTimetable(calendar, SessionEvent.CLOSE, Duration.ZERO);
    }

    /** The start of the lunch break; sessions without a break are skipped. */
    public static SessionEventTimetable breakStart(String calendarCode) {
        return breakStart(Calendars.get(calendarCode));
    }

    public static SessionEventTimetable breakStart(ExchangeCalendar calendar) {
        return new SessionEventTimetable(calendar, SessionEvent.BREAK_START, Duration.ZERO);
    }

    /** The end of the lunch break; sessions without a break are skipped. */
    public static SessionEventTimetable breakEnd(String calendarCode) {
        return breakEnd(Calendars.get(calendarCode));
    }

    public static SessionEventTimetable breakEnd(ExchangeCalendar calendar) {
        return new SessionEventTimetable(calendar, SessionEvent.BREAK_END, Duration.ZERO);
    }

    /** At the close of the last session of each week; add an offset with {@code .plus(..)}. */
    public static PeriodEndTimetable lastSessionOfWeek(String calendarCode) {
        return lastSessionOfWeek(Calendars.get(calendarCode));
    }

    public static PeriodEndTimetable lastSessionOfWeek(ExchangeCalendar calendar) {
        return new PeriodEndTimetable(calendar, PeriodEndTimetable.Period.WEEK, Duration.ZERO);
    }

    /** At the close of the last session of each month; add an offset with {@code .plus(..)}. */
    public static PeriodEndTimetable lastSessionOfMonth(String calendarCode) {
        return lastSessionOfMonth(Calendars.get(calendarCode));
    }

    public static PeriodEndTimetable lastSessionOfMonth(ExchangeCalendar calendar) {
        return new PeriodEndTimetable(calendar, PeriodEndTimetable.Period.MONTH, Duration.ZERO);
    }

    /**
     * Airflow's dataset schedule: a run once each dataset has been updated since the DAG's previous
     * dataset-triggered run.
     */
    public static DatasetTimetable onDatasets(Dataset... datasets) {
        return DatasetTimetable.onUpdates(datasets);
    }

    /**
     * One run per partition key once every dataset has an event for that key (same session). The datasets must
     * share one partitioning, else {@link IncompatiblePartitionsException}.
     */
    public static DatasetTimetable onPartitions(Dataset... datasets) {
        return DatasetTimetable.onPartitions(java.util.Arrays.stream(datasets)
                .map(d -> DatasetInput.of(d, PartitionMapping.sameSession())).toList());
    }

    /** One run per partition key of the inputs' common target partitioning, each input through its mapping. */
    public static DatasetTimetable onPartitions(DatasetInput... inputs) {
        return DatasetTimetable.onPartitions(java.util.List.of(inputs));
    }

    /** The second step of {@link #onSessions}. */
    public static final class OnSessions {
        private final ExchangeCalendar calendar;

        private OnSessions(ExchangeCalendar calendar) {
            this.calendar = calendar;
        }

        /** At a local time ({@code HH:mm}) in an IANA zone on each session date. */
        public SessionTimeTimetable at(String time, String zone) {
            return new SessionTimeTimetable(calendar, time(time), zone(zone));
        }

        /** At a local time in the exchange's own zone. */
        public SessionTimeTimetable at(String time) {
            return new SessionTimeTimetable(calendar, time(time), calendar.zone());
        }

        public SessionTimeTimetable at(LocalTime time, ZoneId zone) {
            return new SessionTimeTimetable(calendar, time, zone);
        }

        /** A cron expression in the exchange's zone, firing only on session dates. */
        public SessionCronTimetable cron(String expression) {
            return new SessionCronTimetable(calendar, CronExpression.parse(expression), calendar.zone());
        }

        public SessionCronTimetable cron(String expression, String zone) {
            return new SessionCronTimetable(calendar, CronExpression.parse(expression), zone(zone));
        }
    }

    static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException | NullPointerException e) {
            throw new InvalidScheduleException("unknown time zone '" + zone + "'; use an IANA name like America/New_York");
        }
    }

    static LocalTime time(String time) {
        try {
            return LocalTime.parse(time);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidScheduleException("invalid time of day '" + time + "'; use HH:mm, e.g. 04:00");
        }
    }
}
