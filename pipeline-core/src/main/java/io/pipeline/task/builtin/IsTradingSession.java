package io.pipeline.task.builtin;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.task.ShortCircuitTask;
import io.pipeline.task.TaskContext;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Short-circuit: proceeds only when the run's date ({@link RunDate}) is a session of the exchange, so that
 * everything downstream is skipped on holidays and weekends. A date outside the calendar's range fails the task
 * with the calendar's bounds rather than guessing.
 */
public final class IsTradingSession implements ShortCircuitTask {
    private final ExchangeCalendar calendar;

    public IsTradingSession(ExchangeCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /** @throws io.pipeline.calendar.UnknownCalendarException listing valid codes */
    public IsTradingSession(String calendarCode) {
        this(Calendars.get(calendarCode));
    }

    @Override
    public boolean proceed(TaskContext ctx) {
        LocalDate date = RunDate.of(ctx, calendar.zone());
        boolean session = calendar.isSession(date);
        if (session) {
            ctx.log().info("{} is a {} session: downstream tasks proceed", date, calendar.code());
        } else {
            String why = calendar.holidays(date, date).getOrDefault(date, "weekend");
            ctx.log().info("{} is not a {} session ({}): skipping downstream tasks", date, calendar.code(), why);
        }
        return session;
    }
}
