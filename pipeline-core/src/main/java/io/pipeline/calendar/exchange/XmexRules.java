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

/**
 * Bolsa Mexicana de Valores, equities (capital market auction session), America/Mexico_City.
 *
 * <p>Hours: 08:30-15:00 Mexico City time while Mexico City is one hour behind New York ("horario habitual de 8:30 a
 * 15:00": 24 Horas, April 2014; A7, January 2015; La Voz de Michoacan, November 2015), that is 09:30-16:00 in New
 * York. The BMV keeps that alignment: when New York is two hours ahead (United States on daylight time, Mexico not:
 * the weeks between the two countries' clock changes until 2022, and every US summer since Mexico City dropped
 * daylight saving in October 2022) the session is 07:30-14:00 local. No half days.
 *
 * <p>Closures: the days the CNBV declares non-working for the financial system (its annual "dias inhabiles"
 * disposition), each on its date (no weekend substitutes): New Year's Day, Constitution Day (first Monday in
 * February), Benito Juarez's birthday (third Monday in March), Holy Thursday, Good Friday, Labour Day, Independence
 * Day (16 September), Day of the Dead (2 November; BMV closed on 2 November 2015), Revolution Day (third Monday in
 * November), the bank employees' day (12 December) and Christmas Day; the Monday rules are the Ley Federal del
 * Trabajo's since 2006. The transfer of the federal executive: 1 October every six years from 2024 (Ley Federal del
 * Trabajo art. 74, 2024-10-01, 2030-10-01, 2036-10-01); before, 1 December (2012 and 2018 fell on Saturdays).
 *
 * <p>Stated from 2007-01-01; days are computed by these rules from 2027.
 */
public final class XmexRules extends RuleBasedExchange {

    private static final LocalDate FIRST = LocalDate.of(2007, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2036, 12, 31);
    private static final ZoneId ZONE = ZoneId.of("America/Mexico_City");

    private static final HoursHistory HOURS = NewYorkAlignedHours.of(ZONE, FIRST.minusDays(1), LAST.plusDays(1),
            lead -> lead >= 2
                    ? TradingHours.of(LocalTime.of(7, 30), LocalTime.of(14, 0))
                    : TradingHours.of(LocalTime.of(8, 30), LocalTime.of(15, 0)));

    public XmexRules() {
        super("XMEX", "Bolsa Mexicana de Valores", ZONE, FIRST, LAST, HOURS);
    }

    /** From this date on, the days are computed by the rules rather than taken from a published CNBV list. */
    public LocalDate computedFrom() {
        return LocalDate.of(2027, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        LocalDate easter = Holidays.easterSunday(year);
        plan.closed(LocalDate.of(year, 1, 1), "New Year's Day");
        plan.closed(Holidays.nthWeekday(year, Month.FEBRUARY, DayOfWeek.MONDAY, 1), "Constitution Day");
        plan.closed(Holidays.nthWeekday(year, Month.MARCH, DayOfWeek.MONDAY, 3), "Benito Juarez's Birthday");
        plan.closed(easter.minusDays(3), "Holy Thursday");
        plan.closed(easter.minusDays(2), "Good Friday");
        plan.closed(LocalDate.of(year, 5, 1), "Labour Day");
        plan.closed(LocalDate.of(year, 9, 16), "Independence Day");
        if (year >= 2024 && (year - 2024) % 6 == 0) {
            plan.closed(LocalDate.of(year, 10, 1), "Transfer of the Federal Executive");
        }
        plan.closed(LocalDate.of(year, 11, 2), "Day of the Dead");
        plan.closed(Holidays.nthWeekday(year, Month.NOVEMBER, DayOfWeek.MONDAY, 3), "Revolution Day");
        if (year < 2024 && (year - 2006) % 6 == 0) {
            plan.closed(LocalDate.of(year, 12, 1), "Transfer of the Federal Executive");
        }
        plan.closed(LocalDate.of(year, 12, 12), "Bank Employees' Day (Our Lady of Guadalupe)");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
    }
}
