package io.pipeline.calendar.rules;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * The trading calendar Deutsche Boerse publishes for both Xetra and the Frankfurt floor (Boerse Frankfurt):
 * the same closures, and the same early close on the last trading day before New Year's Eve.
 *
 * <p>Closures every year: New Year's Day, Good Friday, Easter Monday, Labour Day (1 May), Christmas Eve, Christmas
 * Day, Boxing Day, New Year's Eve. Whit Monday was a non-trading day in 2007 and 2015-2021, the Day of German Unity
 * (3 October) in 2014-2021; from 2022 both are trading days (Deutsche Boerse trading calendars 2022 onwards).
 * Reformation Day 2017-10-31 (500th anniversary, a one-off national holiday).
 *
 * <p>Early close: from 2010, the last weekday before 31 December ("Jahresschlussboerse" announcements, e.g. FWB
 * 2019 and 2023) at 14:00.
 */
public final class DeutscheBoerseHolidays {

    public static final LocalTime YEAR_END_CLOSE = LocalTime.of(14, 0);

    private DeutscheBoerseHolidays() {
    }

    /** Registers the closures and the early close of {@code year}. */
    public static void plan(int year, CalendarPlan plan) {
        plan.closed(LocalDate.of(year, 1, 1), "New Year's Day");
        plan.closed(Holidays.goodFriday(year), "Good Friday");
        plan.closed(Holidays.easterMonday(year), "Easter Monday");
        plan.closed(LocalDate.of(year, 5, 1), "Labour Day");
        if (year == 2007 || (year >= 2015 && year <= 2021)) {
            plan.closed(Holidays.easterSunday(year).plusDays(50), "Whit Monday");
        }
        if (year >= 2014 && year <= 2021) {
            plan.closed(LocalDate.of(year, 10, 3), "Day of German Unity");
        }
        if (year == 2017) {
            plan.closed(LocalDate.of(2017, 10, 31), "Reformation Day (500th anniversary)");
        }
        plan.closed(LocalDate.of(year, 12, 24), "Christmas Eve");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "Boxing Day");
        plan.closed(LocalDate.of(year, 12, 31), "New Year's Eve");
        if (year >= 2010) {
            plan.closesAt(lastWeekdayBefore(LocalDate.of(year, 12, 31)), YEAR_END_CLOSE);
        }
    }

    private static LocalDate lastWeekdayBefore(LocalDate date) {
        LocalDate d = date.minusDays(1);
        while (Holidays.isWeekend(d)) {
            d = d.minusDays(1);
        }
        return d;
    }
}
