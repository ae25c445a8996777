package io.pipeline.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;

/** Factories for timetables, named for intent: {@code Schedules.cron("0 4 * * 1-5", "America/New_York")}. */
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

    static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException | NullPointerException e) {
            throw new InvalidScheduleException("unknown time zone '" + zone + "'; use an IANA name like America/New_York");
        }
    }
}
