package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.Holidays;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;

/**
 * Toronto Stock Exchange, 09:30-16:00 America/Toronto, 1990 to 2036: Ontario statutory holidays plus the Civic
 * Holiday and Boxing Day as in TMX's annual holiday schedules; 13:00 close on Christmas Eve from 2010.
 */
public final class XtseRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 30), LocalTime.of(16, 0)));
    private static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

    public XtseRules() {
        super("XTSE", "Toronto Stock Exchange", ZoneId.of("America/Toronto"),
                LocalDate.of(1990, 1, 2), LocalDate.of(2036, 12, 31), HOURS);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        plan.closed(Holidays.weekendToMonday(LocalDate.of(year, 1, 1)), "New Year's Day");
        // Ontario's Family Day, third Monday of February, first observed in 2008.
        if (year >= 2008) {
            plan.closed(Holidays.nthWeekday(year, Month.FEBRUARY, MONDAY, 3), "Family Day");
        }
        plan.closed(Holidays.goodFriday(year), "Good Friday");
        plan.closed(Holidays.mondayOnOrBefore(LocalDate.of(year, 5, 24)), "Victoria Day");
        plan.closed(Holidays.weekendToMonday(LocalDate.of(year, 7, 1)), "Canada Day");
        plan.closed(Holidays.nthWeekday(year, Month.AUGUST, MONDAY, 1), "Civic Holiday");
        plan.closed(Holidays.nthWeekday(year, Month.SEPTEMBER, MONDAY, 1), "Labour Day");
        plan.closed(Holidays.nthWeekday(year, Month.OCTOBER, MONDAY, 2), "Thanksgiving Day");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "Boxing Day");
        DayOfWeek[] substituteDays = {MONDAY, TUESDAY};
        plan.closedIfOn(LocalDate.of(year, 12, 27), "Christmas Day (substitute)", substituteDays);
        plan.closedIfOn(LocalDate.of(year, 12, 28), "Boxing Day (substitute)", substituteDays);
        if (year >= 2010) {
            plan.closesAtIfOn(LocalDate.of(year, 12, 24), EARLY_CLOSE, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY);
        }
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // TSX halted trading on the morning of 11 September 2001 and stayed closed on 12 September (TSX notices).
        plan.closed(LocalDate.of(2001, 9, 11), "September 11 attacks");
        plan.closed(LocalDate.of(2001, 9, 12), "September 11 attacks");
    }
}
