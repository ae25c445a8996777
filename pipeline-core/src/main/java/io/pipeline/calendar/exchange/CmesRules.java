package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.Holidays;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;

/**
 * CME Globex, America/Chicago, 1990 to 2036. The session labelled D runs from 17:00 on the calendar day before D to
 * 17:00 on D (the daily maintenance hour is not modelled). Full closes on New Year's Day, Good Friday and Christmas;
 * the US federal holidays (Juneteenth from 2022; not Columbus and Veterans Day) and the days around Thanksgiving and
 * Christmas close at 12:00 (CME holiday calendars, interest-rate products; equities agree on the holidays). Each
 * holiday's hours and the years they changed: docs/decisions/cmes-holiday-hours.md.
 */
public final class CmesRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.overnight(LocalTime.of(17, 0), LocalTime.of(17, 0)));
    private static final LocalTime EARLY_CLOSE = LocalTime.of(12, 0);

    public CmesRules() {
        super("CMES", "CME Globex", ZoneId.of("America/Chicago"),
                LocalDate.of(1990, 1, 2), LocalDate.of(2036, 12, 31), HOURS);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        UsHolidays.newYearsDay(year).ifPresent(d -> plan.closed(d, UsHolidays.NEW_YEAR));
        plan.closed(Holidays.goodFriday(year), UsHolidays.GOOD_FRIDAY);
        plan.closed(UsHolidays.christmas(year), UsHolidays.CHRISTMAS);
        if (year >= 1998) {
            plan.closesAt(UsHolidays.martinLutherKingDay(year), EARLY_CLOSE);
        }
        plan.closesAt(UsHolidays.presidentsDay(year), EARLY_CLOSE);
        plan.closesAt(UsHolidays.memorialDay(year), EARLY_CLOSE);
        if (year >= 2022) {
            // CME has observed Juneteenth since 2022 (holiday calendars 2022 on): 12:00 halt, as the other holidays.
            plan.closesAt(UsHolidays.juneteenth(year), EARLY_CLOSE);
        }
        plan.closesAt(UsHolidays.independenceDay(year), EARLY_CLOSE);
        plan.closesAt(UsHolidays.laborDay(year), EARLY_CLOSE);
        plan.closesAt(UsHolidays.thanksgiving(year), EARLY_CLOSE);
        if (year >= 1993) {
            plan.closesAt(UsHolidays.thanksgiving(year).plusDays(1), EARLY_CLOSE);
        }
        // A Friday 24 December is the observed Christmas holiday, so only Monday to Thursday close early.
        plan.closesAtIfOn(LocalDate.of(year, 12, 24), EARLY_CLOSE, MONDAY, TUESDAY, WEDNESDAY, THURSDAY);
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // National day of mourning for President Richard Nixon (Proclamation 6676).
        plan.closed(LocalDate.of(1994, 4, 27), "Day of mourning: President Nixon");
        // National day of mourning for President Ronald Reagan (Proclamation 7800).
        plan.closed(LocalDate.of(2004, 6, 11), "Day of mourning: President Reagan");
        // National day of mourning for President Gerald Ford (Proclamation 8104).
        plan.closed(LocalDate.of(2007, 1, 2), "Day of mourning: President Ford");
        // National day of mourning for President George H. W. Bush (Proclamation 9814; CME notice 2018-12-01).
        plan.closed(LocalDate.of(2018, 12, 5), "Day of mourning: President George H. W. Bush");
        // National day of mourning for President Jimmy Carter (proclamation of 29 December 2024). CME did not close:
        // interest rates closed at 12:15 CT, equities at 08:30 CT (CME Group notice, January 2025).
        plan.closesAt(LocalDate.of(2025, 1, 9), LocalTime.of(12, 15));
    }
}
