package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.Holidays;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * US dollar fixed-income markets as SIFMA (before 2006 the Bond Market Association) recommends: full closes on the
 * federal holidays and Good Friday, 14:00 New York early closes on the business day before Good Friday, Memorial Day,
 * Independence Day, Christmas and New Year's Day and on the day after Thanksgiving. Trading hours 07:00-17:30
 * America/New_York, the convention of pandas_market_calendars' SIFMA US calendar. 1990 to 2036.
 */
public final class UsBondsRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(7, 0), LocalTime.of(17, 30)));
    private static final LocalTime EARLY_CLOSE = LocalTime.of(14, 0);
    private static final LocalTime NOON = LocalTime.of(12, 0);

    public UsBondsRules() {
        super("US_BONDS", "US bond market (SIFMA recommendations)", ZoneId.of("America/New_York"),
                LocalDate.of(1990, 1, 2), LocalDate.of(2036, 12, 31), HOURS);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        UsHolidays.newYearsDay(year).ifPresent(d -> plan.closed(d, UsHolidays.NEW_YEAR));
        plan.closed(UsHolidays.martinLutherKingDay(year), UsHolidays.MLK);
        plan.closed(UsHolidays.presidentsDay(year), UsHolidays.PRESIDENTS);
        goodFriday(year, plan);
        plan.closed(UsHolidays.memorialDay(year), UsHolidays.MEMORIAL);
        if (year >= 2022) {
            plan.closed(UsHolidays.juneteenth(year), UsHolidays.JUNETEENTH);
        }
        plan.closed(UsHolidays.independenceDay(year), UsHolidays.INDEPENDENCE);
        plan.closed(UsHolidays.laborDay(year), UsHolidays.LABOR);
        plan.closed(UsHolidays.columbusDay(year), UsHolidays.COLUMBUS);
        veteransDay(year, plan);
        plan.closed(UsHolidays.thanksgiving(year), UsHolidays.THANKSGIVING);
        plan.closed(UsHolidays.christmas(year), UsHolidays.CHRISTMAS);

        plan.closesAt(UsHolidays.memorialDay(year).minusDays(3), EARLY_CLOSE);
        plan.closesAt(Holidays.previousWeekday(UsHolidays.independenceDay(year)), EARLY_CLOSE);
        plan.closesAt(UsHolidays.thanksgiving(year).plusDays(1), EARLY_CLOSE);
        plan.closesAt(Holidays.previousWeekday(UsHolidays.christmas(year)), EARLY_CLOSE);
        // New Year's Eve closes early even when a Saturday New Year's Day is not observed.
        plan.closesAt(Holidays.previousWeekday(LocalDate.of(year + 1, 1, 1)), EARLY_CLOSE);
    }

    /**
     * Good Friday is a full close, except that when the BLS employment report is released that morning (Good Friday
     * being the first Friday of the month) SIFMA recommends a 12:00 close instead, as in 2010, 2012, 2015, 2021 and
     * 2023 ("consistent with past practice", SIFMA release of 9 March 2015). Before a full close, Thursday closes at 14:00.
     */
    private static void goodFriday(int year, CalendarPlan plan) {
        LocalDate goodFriday = Holidays.goodFriday(year);
        if (Holidays.isFirstOfMonth(goodFriday, DayOfWeek.FRIDAY)) {
            plan.closesAt(goodFriday, NOON);
        } else {
            plan.closed(goodFriday, UsHolidays.GOOD_FRIDAY);
            plan.closesAt(goodFriday.minusDays(1), EARLY_CLOSE);
        }
    }

    /** 11 November, Sunday observed on Monday; a Saturday Veterans Day is not observed by the bond market. */
    private static void veteransDay(int year, CalendarPlan plan) {
        LocalDate observed = Holidays.sundayToMonday(LocalDate.of(year, 11, 11));
        if (!Holidays.isWeekend(observed)) {
            plan.closed(observed, UsHolidays.VETERANS);
        }
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // Bond Market Association: markets closed 11 and 12 September 2001 after the attacks, reopened 13 September.
        plan.closed(LocalDate.of(2001, 9, 11), "September 11 attacks");
        plan.closed(LocalDate.of(2001, 9, 12), "September 11 attacks");
        // Bond Market Association: full close for the national day of mourning for President Reagan.
        plan.closed(LocalDate.of(2004, 6, 11), "Day of mourning: President Reagan");
        // SIFMA: early close for the national day of mourning for President Ford, 2 January 2007.
        plan.closesAt(LocalDate.of(2007, 1, 2), EARLY_CLOSE);
        // SIFMA releases of 28 and 29 October 2012: 12:00 close on 29 October, full close on 30 October (Hurricane Sandy).
        plan.closesAt(LocalDate.of(2012, 10, 29), NOON);
        plan.closed(LocalDate.of(2012, 10, 30), "Hurricane Sandy");
        // SIFMA release of 1 December 2018: full close for the national day of mourning for President George H. W. Bush.
        plan.closed(LocalDate.of(2018, 12, 5), "Day of mourning: President George H. W. Bush");
        // SIFMA recommendation of 30 December 2024: 14:00 close for the national day of mourning for President Carter.
        plan.closesAt(LocalDate.of(2025, 1, 9), EARLY_CLOSE);
    }
}
