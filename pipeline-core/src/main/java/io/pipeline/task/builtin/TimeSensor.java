package io.pipeline.task.builtin;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.schedule.SessionEvent;
import io.pipeline.task.PokeResult;
import io.pipeline.task.Sensor;
import io.pipeline.task.TaskContext;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.function.Function;

/**
 * Waits until an instant derived from the run's date ({@link RunDate}): a local time in a zone, or a point of the
 * run's trading session plus an offset (e.g. close + 15 min, which follows early closes). Reads time only from
 * {@code ctx.clock()}. Deferrable by default: a poke before the instant defers until it (no worker slot and no
 * further pokes while it waits; the triggerer wakes it at the instant); {@link #deferrable(boolean) deferrable(false)}
 * pokes at the sensor's interval instead. Its output is the target instant.
 * On a date that is not a session a session-relative sensor fails, naming the date: put an
 * {@link IsTradingSession} upstream.
 */
public final class TimeSensor implements Sensor {
    private final String what;
    private final Function<TaskContext, Instant> target;
    private final boolean deferrable;

    private TimeSensor(String what, Function<TaskContext, Instant> target) {
        this(what, target, true);
    }

    private TimeSensor(String what, Function<TaskContext, Instant> target, boolean deferrable) {
        this.what = what;
        this.target = target;
        this.deferrable = deferrable;
    }

    /** This sensor deferring until its instant (the default), or poking at its interval ({@code false}). */
    public TimeSensor deferrable(boolean on) {
        return new TimeSensor(what, target, on);
    }

    public boolean isDeferrable() {
        return deferrable;
    }

    /** Until {@code time} (e.g. {@code "18:00"}) in {@code zone} on the run's date. */
    public static TimeSensor at(String time, String zone) {
        return at(LocalTime.parse(time), ZoneId.of(zone));
    }

    public static TimeSensor at(LocalTime time, ZoneId zone) {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(zone, "zone");
        return new TimeSensor(time + " " + zone.getId(),
                ctx -> ZonedDateTime.of(RunDate.of(ctx, zone), time, zone).toInstant());
    }

    /** Until {@code event} of the run's session plus {@code offset} (negative: before). */
    public static TimeSensor sessionEvent(ExchangeCalendar calendar, SessionEvent event, Duration offset) {
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(offset, "offset");
        String what = calendar.code() + " " + event.words() + (offset.isZero() ? "" : " " + (offset.isNegative()
                ? "- " + offset.negated() : "+ " + offset));
        return new TimeSensor(what, ctx -> {
            LocalDate date = RunDate.of(ctx, calendar.zone());
            if (!calendar.isSession(date)) {
                throw new IllegalStateException(date + " is not a " + calendar.code() + " session, so '" + what
                        + "' has no instant to wait for");
            }
            Instant at = event.in(calendar.session(date));
            if (at == null) {
                throw new IllegalStateException(calendar.code() + " session " + date + " has no lunch break, so '"
                        + what + "' has no instant to wait for");
            }
            return at.plus(offset);
        });
    }

    /** Until the close of the run's session plus {@code offset}, e.g. {@code afterClose("XNYS", 15 min)}. */
    public static TimeSensor afterClose(String calendarCode, Duration offset) {
        return sessionEvent(Calendars.get(calendarCode), SessionEvent.CLOSE, offset);
    }

    /** Until the open of the run's session plus {@code offset}. */
    public static TimeSensor afterOpen(String calendarCode, Duration offset) {
        return sessionEvent(Calendars.get(calendarCode), SessionEvent.OPEN, offset);
    }

    /** The instant this sensor waits for in the given run. */
    public Instant target(TaskContext ctx) {
        return target.apply(ctx);
    }

    @Override
    public PokeResult poke(TaskContext ctx) {
        Instant goal = target(ctx);
        Instant now = ctx.clock().instant();
        if (now.isBefore(goal)) {
            ctx.log().info("waiting until {} ({}); now {}", goal, what, now);
            return deferrable ? PokeResult.deferUntil(goal) : PokeResult.notYet();
        }
        ctx.log().info("reached {} ({})", goal, what);
        return PokeResult.met(goal.toString());
    }

    @Override
    public String toString() {
        return "TimeSensor(" + what + ")";
    }
}
