package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

import static io.pipeline.calendar.rules.Holidays.easterMonday;
import static io.pipeline.calendar.rules.Holidays.goodFriday;
import static io.pipeline.calendar.rules.Holidays.nthWeekday;
import static io.pipeline.calendar.rules.Holidays.sundayToMonday;
import static io.pipeline.calendar.rules.Holidays.weekendToMonday;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.TUESDAY;

/**
 * ASX cash market, Australia/Sydney (so the UTC open moves with Sydney's daylight saving, first Sunday in October to
 * first Sunday in April since 2008). Stated 1990-01-01 to 2036-12-31.
 *
 * <p>Hours 10:00-16:00 (the open as the first auction group opens; exchange_calendars convention). From 2010 the
 * last trading day before Christmas and the last trading day of the year close early at 14:10 (ASX trading calendar);
 * in 2022 both were full days.
 *
 * <p>Closures: national public holidays as the ASX observes them in Sydney: New Year's Day and (from 1994) Australia
 * Day moved from a weekend to Monday; Australia Day on the Monday on or after 26 January 1989-1992 and not at all in
 * 1993; Good Friday, Easter Monday; Anzac Day on its date (moved to Monday only in 2010); the sovereign's birthday
 * (second Monday in June); Christmas and Boxing Day with the next Monday/Tuesday when they fall on a weekend.
 */
public final class XasxRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(10, 0), LocalTime.of(16, 0)));
    private static final LocalTime EARLY_CLOSE = LocalTime.of(14, 10);

    public XasxRules() {
        super("XASX", "Australian Securities Exchange", ZoneId.of("Australia/Sydney"),
                LocalDate.of(1990, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        plan.closed(weekendToMonday(LocalDate.of(year, 1, 1)), "New Year's Day");
        LocalDate australiaDay = LocalDate.of(year, 1, 26);
        if (year >= 1994) {
            plan.closed(weekendToMonday(australiaDay), "Australia Day");
        } else if (year <= 1992) {
            plan.closed(australiaDay.with(TemporalAdjusters.nextOrSame(MONDAY)), "Australia Day");
        }
        plan.closed(goodFriday(year), "Good Friday");
        plan.closed(easterMonday(year), "Easter Monday");
        LocalDate anzac = LocalDate.of(year, 4, 25);
        plan.closed(year == 2010 ? sundayToMonday(anzac) : anzac, "Anzac Day");
        plan.closed(nthWeekday(year, Month.JUNE, MONDAY, 2), year < 2023 ? "Queen's Birthday" : "King's Birthday");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "Boxing Day");
        plan.closedIfOn(LocalDate.of(year, 12, 27), "Christmas Day (weekend)", MONDAY, TUESDAY);
        plan.closedIfOn(LocalDate.of(year, 12, 28), "Boxing Day (weekend)", MONDAY, TUESDAY);
        // ASX trading calendar 2022: 23 and 30 December were normal trading days.
        if (year >= 2010 && year != 2022) {
            plan.closesAt(weekendToFriday(LocalDate.of(year, 12, 24)), EARLY_CLOSE);
            plan.closesAt(weekendToFriday(LocalDate.of(year, 12, 31)), EARLY_CLOSE);
        }
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // New Year's Eve 1990: ASX closed (exchange holiday on the Monday before New Year's Day).
        plan.closed(LocalDate.of(1990, 12, 31), "New Year's Eve");
        // Millennium (Y2K) closure.
        plan.closed(LocalDate.of(1999, 12, 31), "Y2K closure");
        // Easter Monday and Anzac Day coincided; Tuesday was the extra public holiday.
        plan.closed(LocalDate.of(2011, 4, 26), "Easter Tuesday");
        // National Day of Mourning for Queen Elizabeth II (Prime Minister's announcement, 2022-09-11).
        plan.closed(LocalDate.of(2022, 9, 22), "National Day of Mourning");
    }

    /** Saturday or Sunday back to the Friday before. */
    private static LocalDate weekendToFriday(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.minusDays(1);
            case SUNDAY -> date.minusDays(2);
            default -> date;
        };
    }
}
