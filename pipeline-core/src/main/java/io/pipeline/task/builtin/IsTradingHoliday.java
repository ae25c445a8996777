package io.pipeline.task.builtin;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.task.BranchTask;
import io.pipeline.task.TaskContext;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Branch: follows {@code holidayBranch} when the run's date ({@link RunDate}) is not a session of the exchange
 * (a holiday, an ad hoc closure or a weekend) and {@code sessionBranch} when it is. Both must be direct downstream
 * tasks of this one.
 */
public final class IsTradingHoliday implements BranchTask {
    private final ExchangeCalendar calendar;
    private final String holidayBranch;
    private final String sessionBranch;

    public IsTradingHoliday(ExchangeCalendar calendar, String holidayBranch, String sessionBranch) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.holidayBranch = Objects.requireNonNull(holidayBranch, "holidayBranch");
        this.sessionBranch = Objects.requireNonNull(sessionBranch, "sessionBranch");
    }

    public IsTradingHoliday(String calendarCode, String holidayBranch, String sessionBranch) {
        this(Calendars.get(calendarCode), holidayBranch, sessionBranch);
    }

    @Override
    public List<String> choose(TaskContext ctx) {
        LocalDate date = RunDate.of(ctx, calendar.zone());
        if (calendar.isSession(date)) {
            ctx.log().info("{} is a {} session: following '{}'", date, calendar.code(), sessionBranch);
            return List.of(sessionBranch);
        }
        String name = calendar.holidays(date, date).getOrDefault(date, "weekend");
        ctx.log().info("{} is not a {} session ({}): following '{}'", date, calendar.code(), name, holidayBranch);
        return List.of(holidayBranch);
    }
}
