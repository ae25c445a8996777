package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.Holidays;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.Optional;

/** United States holiday dates as US markets observe them (5 U.S.C. 6103 dates; observance per market below). */
final class UsHolidays {

    static final String NEW_YEAR = "New Year's Day";
    static final String MLK = "Martin Luther King Jr. Day";
    static final String PRESIDENTS = "Washington's Birthday";
    static final String GOOD_FRIDAY = "Good Friday";
    static final String MEMORIAL = "Memorial Day";
    static final String JUNETEENTH = "Juneteenth National Independence Day";
    static final String INDEPENDENCE = "Independence Day";
    static final String LABOR = "Labor Day";
    static final String COLUMBUS = "Columbus Day";
    static final String VETERANS = "Veterans Day";
    static final String THANKSGIVING = "Thanksgiving Day";
    static final String CHRISTMAS = "Christmas Day";

    private UsHolidays() {
    }

    /** 1 January, Sunday observed on Monday; a Saturday New Year's Day is not observed by US markets. */
    static Optional<LocalDate> newYearsDay(int year) {
        LocalDate observed = Holidays.sundayToMonday(LocalDate.of(year, 1, 1));
        return Holidays.isWeekend(observed) ? Optional.empty() : Optional.of(observed);
    }

    static LocalDate martinLutherKingDay(int year) {
        return Holidays.nthWeekday(year, Month.JANUARY, DayOfWeek.MONDAY, 3);
    }

    static LocalDate presidentsDay(int year) {
        return Holidays.nthWeekday(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3);
    }

    static LocalDate memorialDay(int year) {
        return Holidays.lastWeekday(year, Month.MAY, DayOfWeek.MONDAY);
    }

    /** 19 June, nearest weekday; a federal holiday from 2021, first observed by markets in 2022. */
    static LocalDate juneteenth(int year) {
        return Holidays.nearestWorkday(LocalDate.of(year, 6, 19));
    }

    static LocalDate independenceDay(int year) {
        return Holidays.nearestWorkday(LocalDate.of(year, 7, 4));
    }

    static LocalDate laborDay(int year) {
        return Holidays.nthWeekday(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1);
    }

    static LocalDate columbusDay(int year) {
        return Holidays.nthWeekday(year, Month.OCTOBER, DayOfWeek.MONDAY, 2);
    }

    static LocalDate thanksgiving(int year) {
        return Holidays.nthWeekday(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4);
    }

    static LocalDate christmas(int year) {
        return Holidays.nearestWorkday(LocalDate.of(year, 12, 25));
    }

    /**
     * NYSE Rule 7.2 holidays: New Year's Day, Martin Luther King Jr. Day (from 1998), Washington's Birthday, Good
     * Friday, Memorial Day, Juneteenth (from 2022), Independence Day, Labor Day, Thanksgiving Day and Christmas Day.
     */
    static void equityMarketHolidays(int year, CalendarPlan plan) {
        newYearsDay(year).ifPresent(d -> plan.closed(d, NEW_YEAR));
        if (year >= 1998) {
            plan.closed(martinLutherKingDay(year), MLK);
        }
        plan.closed(presidentsDay(year), PRESIDENTS);
        plan.closed(Holidays.goodFriday(year), GOOD_FRIDAY);
        plan.closed(memorialDay(year), MEMORIAL);
        if (year >= 2022) {
            plan.closed(juneteenth(year), JUNETEENTH);
        }
        plan.closed(independenceDay(year), INDEPENDENCE);
        plan.closed(laborDay(year), LABOR);
        plan.closed(thanksgiving(year), THANKSGIVING);
        plan.closed(christmas(year), CHRISTMAS);
    }
}
