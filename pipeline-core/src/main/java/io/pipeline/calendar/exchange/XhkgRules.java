package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.LunarDates;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.SolarTerms;
import io.pipeline.calendar.rules.TradingHours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.util.Map;

import static io.pipeline.calendar.rules.Holidays.easterMonday;
import static io.pipeline.calendar.rules.Holidays.goodFriday;
import static io.pipeline.calendar.rules.Holidays.lastWeekday;
import static io.pipeline.calendar.rules.Holidays.nthWeekday;
import static io.pipeline.calendar.rules.Holidays.sundayToMonday;

/**
 * Hong Kong Exchanges and Clearing, securities market, Asia/Hong_Kong. Stated 1990-01-01 to 2036-12-31 (the lunar
 * table's range; its 2031-2036 festivals are computed, see {@link #computedFrom()}).
 *
 * <p>Hours, with the exchange_calendars convention for the break: open 10:00 until 2011-03-04 and 09:30 from
 * 2011-03-07 (HKEX trading-hours extension, phase 1); lunch break 12:00-13:00 and close 16:00 throughout. Half days
 * (no lunch break) on the eves of Christmas and New Year, closing 12:30 until 2011-03-04 and 12:00 from 2011-03-07,
 * and on Lunar New Year's Eve from 2013 when it is a weekday (12:00).
 *
 * <p>Closures: the General Holidays Ordinance (Cap. 149) days, a Sunday holiday moving to Monday; Lunar New Year's
 * Day and the two days after (from 2013 a fourth day when one of them is a Sunday, per the 2011 amendment;
 * before 2013 Lunar New Year's Eve when New Year falls on a Saturday); the day after Mid-Autumn (moved to the next
 * day when that is National Day; from 2011 to the Monday when it is a Sunday); Ching Ming moved past Easter Monday;
 * pre-1997 colonial holidays; and dated closures for typhoons and one-off events.
 */
public final class XhkgRules extends RuleBasedExchange {

    private static final LocalDate EXTENDED_HOURS = LocalDate.of(2011, 3, 7);
    private static final LocalTime NOON = LocalTime.of(12, 0);

    private static final HoursHistory HOURS = HoursHistory
            .always(TradingHours.withBreak(LocalTime.of(10, 0), NOON, LocalTime.of(13, 0), LocalTime.of(16, 0)))
            .from(EXTENDED_HOURS, TradingHours.withBreak(LocalTime.of(9, 30), NOON, LocalTime.of(13, 0), LocalTime.of(16, 0)));

    /** Dated closures: typhoon signal 8 / black rainstorm days and one-off holidays (HKEX circulars, gazette). */
    private static final Map<LocalDate, String> AD_HOC = Map.ofEntries(
            Map.entry(LocalDate.of(1991, 6, 18), "Day after Queen's Birthday"),
            Map.entry(LocalDate.of(1992, 7, 22), "Typhoon Cary"),
            Map.entry(LocalDate.of(1993, 9, 17), "Typhoon Becky"),
            Map.entry(LocalDate.of(1994, 6, 14), "Day after Queen's Birthday"),
            Map.entry(LocalDate.of(1997, 6, 30), "Handover holiday"),
            Map.entry(LocalDate.of(1997, 7, 2), "Day after HKSAR Establishment Day"),
            Map.entry(LocalDate.of(1997, 8, 18), "Sino-Japanese War Victory Day"),
            Map.entry(LocalDate.of(1997, 10, 2), "Day after National Day"),
            Map.entry(LocalDate.of(1998, 8, 17), "Sino-Japanese War Victory Day"),
            Map.entry(LocalDate.of(1998, 10, 2), "Day after National Day"),
            Map.entry(LocalDate.of(1999, 4, 6), "Day after Ching Ming Festival"),
            Map.entry(LocalDate.of(1999, 9, 16), "Typhoon York"),
            Map.entry(LocalDate.of(1999, 12, 31), "Millennium closure"),
            Map.entry(LocalDate.of(2001, 7, 6), "Typhoon Utor"),
            Map.entry(LocalDate.of(2001, 7, 25), "Typhoon Yutu"),
            Map.entry(LocalDate.of(2008, 8, 6), "Typhoon Kammuri"),
            Map.entry(LocalDate.of(2008, 8, 22), "Typhoon Nuri"),
            Map.entry(LocalDate.of(2010, 4, 6), "Day after Easter Monday"),
            Map.entry(LocalDate.of(2011, 9, 29), "Typhoon Nesat"),
            Map.entry(LocalDate.of(2012, 10, 2), "Day after Mid-Autumn Festival"),
            Map.entry(LocalDate.of(2013, 8, 14), "Typhoon Utor"),
            Map.entry(LocalDate.of(2015, 4, 7), "Day after Easter Monday"),
            Map.entry(LocalDate.of(2015, 9, 3), "70th anniversary of the War of Resistance victory"),
            Map.entry(LocalDate.of(2016, 8, 2), "Typhoon Nida"),
            Map.entry(LocalDate.of(2016, 10, 21), "Typhoon Haima"),
            Map.entry(LocalDate.of(2017, 8, 23), "Typhoon Hato"),
            Map.entry(LocalDate.of(2020, 10, 13), "Typhoon Nangka"),
            // HKEX market communication 2021-10-13: no trading all day under typhoon signal 8 (Kompasu).
            Map.entry(LocalDate.of(2021, 10, 13), "Typhoon Kompasu"),
            Map.entry(LocalDate.of(2023, 7, 17), "Typhoon Talim"),
            Map.entry(LocalDate.of(2024, 9, 6), "Typhoon Yagi"));

    public XhkgRules() {
        super("XHKG", "Hong Kong Exchanges and Clearing", ZoneId.of("Asia/Hong_Kong"),
                LocalDate.of(1990, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** Lunar festivals from 2031 are computed, not yet checked against the Observatory's tables (LunarDates). */
    @Override
    public LocalDate computedFrom() {
        return LocalDate.of(LunarDates.FIRST_COMPUTED_YEAR, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        if (year < LunarDates.FIRST_YEAR || year > LunarDates.LAST_YEAR) {
            // The neighbour years the base also plans (1989, 2037) lie outside the lunar table; every date these
            // rules give for a year lies in that year, so they add nothing inside the bounds.
            return;
        }
        LunarDates.Festivals lunar = LunarDates.of(year);
        plan.closed(sundayToMonday(LocalDate.of(year, 1, 1)), "New Year's Day");
        addLunarNewYear(year, lunar.lunarNewYear(), plan);
        LocalDate chingMing = sundayToMonday(SolarTerms.qingming(year));
        plan.closed(chingMing.equals(easterMonday(year)) ? chingMing.plusDays(1) : chingMing, "Ching Ming Festival");
        plan.closed(goodFriday(year), "Good Friday");
        plan.closed(easterMonday(year), "Easter Monday");
        if (year >= 1999) {
            plan.closed(sundayToMonday(LocalDate.of(year, 5, 1)), "Labour Day");
        }
        plan.closed(sundayToMonday(lunar.buddhasBirthday()), "Buddha's Birthday");
        plan.closed(sundayToMonday(lunar.tuenNg()), "Tuen Ng Festival");
        if (year >= 1997) {
            plan.closed(sundayToMonday(LocalDate.of(year, 7, 1)), "HKSAR Establishment Day");
            plan.closed(sundayToMonday(LocalDate.of(year, 10, 1)), "National Day");
        } else {
            addColonialHolidays(year, plan);
        }
        plan.closed(dayAfterMidAutumn(year, lunar.midAutumn()), "Day after Mid-Autumn Festival");
        plan.closed(sundayToMonday(lunar.chungYeung()), "Chung Yeung Festival");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "Boxing Day");
        LocalDate dec27 = LocalDate.of(year, 12, 27);
        if (dec27.getDayOfWeek() == DayOfWeek.MONDAY || dec27.getDayOfWeek() == DayOfWeek.TUESDAY) {
            plan.closed(dec27, "Christmas holiday (Christmas on a weekend)");
        }
        addHalfDays(year, lunar.lunarNewYear(), plan);
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        AD_HOC.forEach(plan::closed);
    }

    private static void addLunarNewYear(int year, LocalDate newYear, CalendarPlan plan) {
        if (year < 2013 && newYear.getDayOfWeek() == DayOfWeek.SATURDAY) {
            plan.closed(newYear.minusDays(1), "Lunar New Year's Eve");
        }
        boolean sundayAmongThree = false;
        for (int i = 0; i < 3; i++) {
            LocalDate day = newYear.plusDays(i);
            plan.closed(day, "Lunar New Year");
            sundayAmongThree |= day.getDayOfWeek() == DayOfWeek.SUNDAY;
        }
        if (year >= 2013 && sundayAmongThree) {
            plan.closed(newYear.plusDays(3), "Lunar New Year (fourth day)");
        }
    }

    private static LocalDate dayAfterMidAutumn(int year, LocalDate midAutumn) {
        LocalDate dayAfter = midAutumn.plusDays(1);
        if (dayAfter.getMonth() == Month.OCTOBER && dayAfter.getDayOfMonth() == 1) {
            return dayAfter.plusDays(1);
        }
        if (year >= 2011 && dayAfter.getDayOfWeek() == DayOfWeek.SUNDAY) {
            // Cap. 149 as amended in 2011: a Sunday "day following" moves to the Monday (2022-09-12, 2029-09-24).
            return dayAfter.plusDays(1);
        }
        return dayAfter;
    }

    private static void addColonialHolidays(int year, CalendarPlan plan) {
        // Queen's Birthday: the Monday after 10 June in the third week (second week in 1993 and 1994).
        int week = year == 1993 || year == 1994 ? 2 : 3;
        plan.closed(nthWeekday(year, Month.JUNE, DayOfWeek.MONDAY, week), "Queen's Birthday");
        plan.closed(lastWeekday(year, Month.AUGUST, DayOfWeek.MONDAY), "Liberation Day");
    }

    private static void addHalfDays(int year, LocalDate lunarNewYear, CalendarPlan plan) {
        DayOfWeek newYearDay = lunarNewYear.getDayOfWeek();
        if (year >= 2013 && newYearDay != DayOfWeek.SUNDAY && newYearDay != DayOfWeek.MONDAY) {
            plan.closesAt(lunarNewYear.minusDays(1), NOON);
        }
        LocalDate christmasEve = LocalDate.of(year, 12, 24);
        LocalDate newYearsEve = LocalDate.of(year, 12, 31);
        LocalTime halfDay = christmasEve.isBefore(EXTENDED_HOURS) ? LocalTime.of(12, 30) : NOON;
        for (LocalDate eve : new LocalDate[] {christmasEve, newYearsEve}) {
            if (!eve.getDayOfWeek().equals(DayOfWeek.SATURDAY) && !eve.getDayOfWeek().equals(DayOfWeek.SUNDAY)) {
                plan.closesAt(eve, halfDay);
            }
        }
    }
}
