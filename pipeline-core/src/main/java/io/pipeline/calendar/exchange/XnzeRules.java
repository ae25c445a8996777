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
import java.util.Map;

/**
 * NZX Main Board, Pacific/Auckland (daylight saving from the last Sunday of September to the first Sunday of April
 * since 2007, so the UTC open moves twice a year).
 *
 * <p>Hours 10:00-16:45: normal trading from the open to the pre-close at 16:45 (the closing match follows about
 * 17:00). NZX moved from 09:00-16:00 to a 10:00 open on 30 June 2003 ("Change to NZX market trading hours", NZX,
 * 30 June 2003); the calendar starts 2004-01-01, the first full year of the 10:00 open. Early closes on the eves of
 * Christmas and New Year are not modelled (NZSE closed at 12:30 on 24 and 31 December 2001; no later NZX notice is
 * cited here).
 *
 * <p>Closures: the public holidays of the Holidays Act 2003 with its "Mondayisation": New Year's Day and 2 January,
 * Christmas and Boxing Day each pair moving off the weekend to the next weekdays; Waitangi Day (6 February) and Anzac
 * Day (25 April) on their date, moved to the Monday from 2014 (Holidays (Full Recognition of Waitangi Day and ANZAC
 * Day) Amendment Act 2013); Good Friday, Easter Monday; the Sovereign's Birthday (first Monday in June); Labour Day
 * (fourth Monday in October); Matariki from 2022 on the Fridays the Te Kahui o Matariki Public Holiday Act 2022 lists.
 * Dated: Queen Elizabeth II Memorial Day, 26 September 2022 (NZX class rulings, 19 September 2022).
 */
public final class XnzeRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(10, 0), LocalTime.of(16, 45)));

    /**
     * Matariki public holidays from the schedule of the Te Kahui o Matariki Public Holiday Act 2022 (announced by the
     * Government on 1 July 2021; 2022-2031 as published by NZ Herald and TVNZ, 2035 in the public-holiday tables).
     */
    private static final Map<Integer, LocalDate> MATARIKI = Map.ofEntries(
            Map.entry(2022, LocalDate.of(2022, 6, 24)),
            Map.entry(2023, LocalDate.of(2023, 7, 14)),
            Map.entry(2024, LocalDate.of(2024, 6, 28)),
            Map.entry(2025, LocalDate.of(2025, 6, 20)),
            Map.entry(2026, LocalDate.of(2026, 7, 10)),
            Map.entry(2027, LocalDate.of(2027, 6, 25)),
            Map.entry(2028, LocalDate.of(2028, 7, 14)),
            Map.entry(2029, LocalDate.of(2029, 7, 6)),
            Map.entry(2030, LocalDate.of(2030, 6, 21)),
            Map.entry(2031, LocalDate.of(2031, 7, 11)),
            Map.entry(2032, LocalDate.of(2032, 7, 2)),
            Map.entry(2033, LocalDate.of(2033, 6, 24)),
            Map.entry(2034, LocalDate.of(2034, 7, 7)),
            Map.entry(2035, LocalDate.of(2035, 6, 29)),
            Map.entry(2036, LocalDate.of(2036, 7, 18)));

    public XnzeRules() {
        super("XNZE", "NZX (New Zealand's Exchange)", ZoneId.of("Pacific/Auckland"),
                LocalDate.of(2004, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /**
     * From this date on, the days are computed by the rules rather than taken from a published NZX calendar (the
     * Matariki dates through 2036 are in the Act itself).
     */
    public LocalDate computedFrom() {
        return LocalDate.of(2027, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        pair(plan, LocalDate.of(year, 1, 1), "New Year's Day", "Day after New Year's Day");
        LocalDate waitangi = LocalDate.of(year, 2, 6);
        LocalDate anzac = LocalDate.of(year, 4, 25);
        plan.closed(year >= 2014 ? Holidays.weekendToMonday(waitangi) : waitangi, "Waitangi Day");
        plan.closed(Holidays.goodFriday(year), "Good Friday");
        plan.closed(Holidays.easterMonday(year), "Easter Monday");
        plan.closed(year >= 2014 ? Holidays.weekendToMonday(anzac) : anzac, "Anzac Day");
        plan.closed(Holidays.nthWeekday(year, Month.JUNE, DayOfWeek.MONDAY, 1),
                year < 2023 ? "Queen's Birthday" : "King's Birthday");
        LocalDate matariki = MATARIKI.get(year);
        if (matariki != null) {
            plan.closed(matariki, "Matariki");
        }
        plan.closed(Holidays.nthWeekday(year, Month.OCTOBER, DayOfWeek.MONDAY, 4), "Labour Day");
        pair(plan, LocalDate.of(year, 12, 25), "Christmas Day", "Boxing Day");
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // One-off public holiday by statute; NZX markets closed (NZX class rulings, 19 September 2022).
        plan.closed(LocalDate.of(2022, 9, 26), "Queen Elizabeth II Memorial Day");
    }

    /**
     * Two consecutive holidays (1 and 2 January, 25 and 26 December): one on a weekend is observed on the first
     * weekday after both that is not already one of them (Holidays Act 2003, sections 45 and 45A).
     */
    private static void pair(CalendarPlan plan, LocalDate first, String firstName, String secondName) {
        LocalDate next = observe(plan, first, firstName, first.plusDays(2));
        observe(plan, first.plusDays(1), secondName, next);
    }

    /** Closes {@code date}, or when it is a weekend the first weekday from {@code next}; returns the next free day. */
    private static LocalDate observe(CalendarPlan plan, LocalDate date, String name, LocalDate next) {
        if (!Holidays.isWeekend(date)) {
            plan.closed(date, name);
            return next;
        }
        LocalDate observed = next;
        while (Holidays.isWeekend(observed)) {
            observed = observed.plusDays(1);
        }
        plan.closed(observed, name + " (observed)");
        return observed.plusDays(1);
    }
}
