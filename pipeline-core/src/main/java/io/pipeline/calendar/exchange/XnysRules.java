package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;

/**
 * New York Stock Exchange, 09:30-16:00 America/New_York, 1990 to 2036. Holidays and early closes as in NYSE Rule 7.2
 * and its annual holiday notices; history from NYSE's "Closings of the Exchange" record.
 */
public class XnysRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 30), LocalTime.of(16, 0)));
    /** Early closes were at 14:00 until 1992 and at 13:00 from 1993. */
    private static final int ONE_PM_FROM = 1993;

    public XnysRules() {
        this("XNYS", "New York Stock Exchange");
    }

    /** For venues that keep NYSE's holidays and hours under their own code (e.g. Nasdaq). */
    protected XnysRules(String code, String name) {
        super(code, name, ZoneId.of("America/New_York"), LocalDate.of(1990, 1, 2), LocalDate.of(2036, 12, 31), HOURS);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        UsHolidays.equityMarketHolidays(year, plan);
        earlyCloses(year, plan);
    }

    private static void earlyCloses(int year, CalendarPlan plan) {
        LocalTime early = year >= ONE_PM_FROM ? LocalTime.of(13, 0) : LocalTime.of(14, 0);
        LocalDate julyThird = LocalDate.of(year, 7, 3);
        if (year >= 1995) {
            plan.closesAtIfOn(julyThird, early, MONDAY, TUESDAY, THURSDAY);
        }
        if (year >= 1995 && year <= 2012) {
            plan.closesAtIfOn(LocalDate.of(year, 7, 5), early, FRIDAY);
        }
        if (year >= 2013) {
            plan.closesAtIfOn(julyThird, early, WEDNESDAY);
        }
        if (year >= 1992) {
            plan.closesAt(UsHolidays.thanksgiving(year).plusDays(1), early);
        }
        // When 25 December is a Saturday, Friday the 24th is the observed Christmas holiday instead.
        plan.closesAtIfOn(LocalDate.of(year, 12, 24), early, MONDAY, TUESDAY, WEDNESDAY, THURSDAY);
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        LocalTime onePm = LocalTime.of(13, 0);
        // NYSE notices: 13:00 closes on Friday 26 Dec 1997, Friday 31 Dec 1999 and Friday 26 Dec 2003.
        plan.closesAt(LocalDate.of(1997, 12, 26), onePm);
        plan.closesAt(LocalDate.of(1999, 12, 31), onePm);
        plan.closesAt(LocalDate.of(2003, 12, 26), onePm);
        // National day of mourning for President Richard Nixon (Proclamation 6676).
        plan.closed(LocalDate.of(1994, 4, 27), "Day of mourning: President Nixon");
        // NYSE closed after the 11 September attacks; trading resumed Monday 17 September 2001.
        for (int day = 11; day <= 14; day++) {
            plan.closed(LocalDate.of(2001, 9, day), "September 11 attacks");
        }
        // National day of mourning for President Ronald Reagan (Proclamation 7800).
        plan.closed(LocalDate.of(2004, 6, 11), "Day of mourning: President Reagan");
        // National day of mourning for President Gerald Ford (Proclamation 8104).
        plan.closed(LocalDate.of(2007, 1, 2), "Day of mourning: President Ford");
        // NYSE closed for Hurricane Sandy on 29 and 30 October 2012 (NYSE Euronext notices).
        plan.closed(LocalDate.of(2012, 10, 29), "Hurricane Sandy");
        plan.closed(LocalDate.of(2012, 10, 30), "Hurricane Sandy");
        // National day of mourning for President George H. W. Bush (Proclamation 9814).
        plan.closed(LocalDate.of(2018, 12, 5), "Day of mourning: President George H. W. Bush");
        // National day of mourning for President Jimmy Carter (NYSE notice, 30 December 2024).
        plan.closed(LocalDate.of(2025, 1, 9), "Day of mourning: President Carter");
    }
}
