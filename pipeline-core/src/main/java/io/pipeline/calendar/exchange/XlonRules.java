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
import java.util.Set;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.TUESDAY;

/**
 * London Stock Exchange, 08:00-16:30 Europe/London, 1990 to 2036: England and Wales bank holidays (Banking and
 * Financial Dealings Act 1971 and the annual proclamations), half days on Christmas Eve and New Year's Eve.
 */
public final class XlonRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(8, 0), LocalTime.of(16, 30)));
    private static final LocalTime HALF_DAY_CLOSE = LocalTime.of(12, 30);
    /** Years the early May bank holiday moved to VE Day (8 May): its 50th and 75th anniversaries. */
    private static final Set<Integer> EARLY_MAY_MOVED = Set.of(1995, 2020);
    /** Years the spring bank holiday moved next to a royal jubilee (dates in {@link #adHoc}). */
    private static final Set<Integer> SPRING_MOVED = Set.of(2002, 2012, 2022);

    public XlonRules() {
        super("XLON", "London Stock Exchange", ZoneId.of("Europe/London"),
                LocalDate.of(1990, 1, 2), LocalDate.of(2036, 12, 31), HOURS);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        plan.closed(Holidays.weekendToMonday(LocalDate.of(year, 1, 1)), "New Year's Day");
        plan.closed(Holidays.goodFriday(year), "Good Friday");
        plan.closed(Holidays.easterMonday(year), "Easter Monday");
        if (!EARLY_MAY_MOVED.contains(year)) {
            plan.closed(Holidays.nthWeekday(year, Month.MAY, MONDAY, 1), "Early May Bank Holiday");
        }
        if (!SPRING_MOVED.contains(year)) {
            plan.closed(Holidays.lastWeekday(year, Month.MAY, MONDAY), "Spring Bank Holiday");
        }
        plan.closed(Holidays.lastWeekday(year, Month.AUGUST, MONDAY), "Summer Bank Holiday");
        christmas(year, plan);
        plan.closesAt(Holidays.previousFriday(LocalDate.of(year, 12, 24)), HALF_DAY_CLOSE);
        // No half day on 31 December 1999: that day was a bank holiday (see adHoc).
        if (year != 1999) {
            plan.closesAt(Holidays.previousFriday(LocalDate.of(year, 12, 31)), HALF_DAY_CLOSE);
        }
    }

    /** Christmas and Boxing Day; when either falls on a weekend the substitute days are 27 and 28 December. */
    private static void christmas(int year, CalendarPlan plan) {
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "Boxing Day");
        DayOfWeek[] substituteDays = {MONDAY, TUESDAY};
        plan.closedIfOn(LocalDate.of(year, 12, 27), "Christmas Day (substitute)", substituteDays);
        plan.closedIfOn(LocalDate.of(year, 12, 28), "Boxing Day (substitute)", substituteDays);
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // Early May bank holiday moved to Monday 8 May 1995, 50th anniversary of VE Day.
        plan.closed(LocalDate.of(1995, 5, 8), "VE Day 50th anniversary");
        // Royal proclamation: Friday 31 December 1999 a bank holiday for the millennium.
        plan.closed(LocalDate.of(1999, 12, 31), "Millennium celebrations");
        // Golden Jubilee: Monday 3 June 2002 extra bank holiday, spring bank holiday moved to Tuesday 4 June.
        plan.closed(LocalDate.of(2002, 6, 3), "Golden Jubilee");
        plan.closed(LocalDate.of(2002, 6, 4), "Spring Bank Holiday");
        // Wedding of Prince William and Catherine Middleton, bank holiday Friday 29 April 2011.
        plan.closed(LocalDate.of(2011, 4, 29), "Royal wedding");
        // Diamond Jubilee: spring bank holiday moved to Monday 4 June 2012, extra bank holiday Tuesday 5 June.
        plan.closed(LocalDate.of(2012, 6, 4), "Spring Bank Holiday");
        plan.closed(LocalDate.of(2012, 6, 5), "Diamond Jubilee");
        // Early May bank holiday moved to Friday 8 May 2020, 75th anniversary of VE Day.
        plan.closed(LocalDate.of(2020, 5, 8), "VE Day 75th anniversary");
        // Platinum Jubilee: spring bank holiday moved to Thursday 2 June 2022, extra bank holiday Friday 3 June.
        plan.closed(LocalDate.of(2022, 6, 2), "Spring Bank Holiday");
        plan.closed(LocalDate.of(2022, 6, 3), "Platinum Jubilee");
        // Bank holiday for the State Funeral of Queen Elizabeth II, Monday 19 September 2022.
        plan.closed(LocalDate.of(2022, 9, 19), "State Funeral of Queen Elizabeth II");
        // Bank holiday for the Coronation of King Charles III, Monday 8 May 2023.
        plan.closed(LocalDate.of(2023, 5, 8), "Coronation of King Charles III");
    }
}
