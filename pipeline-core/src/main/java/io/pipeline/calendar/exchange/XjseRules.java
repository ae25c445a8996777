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
import java.util.Map;

/**
 * Johannesburg Stock Exchange, equity market, Africa/Johannesburg (no daylight saving).
 *
 * <p>Hours 09:00-17:00 (the equity market's continuous trading day since the move to SETS in 2002; the earlier JET
 * hours are not modelled). Year-end half days are not modelled: no JSE notice for them is cited here.
 *
 * <p>Closures: the public holidays of the Public Holidays Act 36 of 1994 (in force for 1995): New Year's Day, Human
 * Rights Day (21 March), Good Friday, Family Day (Easter Monday), Freedom Day (27 April), Workers' Day (1 May), Youth
 * Day (16 June), National Women's Day (9 August), Heritage Day (24 September), Day of Reconciliation (16 December),
 * Christmas Day and the Day of Goodwill (26 December). Section 2(1): a holiday on a Sunday makes the Monday after a
 * holiday (when that Monday is already one, no further day follows). Days declared under section 2A (election days,
 * the Y2K changeover, and 27 December when Christmas fell on a Sunday) are dated closures in {@link #adHoc}; future
 * declarations cannot be computed, so the days are computed by rule (without them) from 2025-01-01.
 *
 * <p>Stated from 1995-01-01.
 */
public final class XjseRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 0), LocalTime.of(17, 0)));

    /** Public holidays declared under section 2A of the Public Holidays Act (Government Gazette proclamations). */
    private static final Map<LocalDate, String> DECLARED = Map.ofEntries(
            Map.entry(LocalDate.of(1999, 6, 2), "National election"),
            // 31 December 1999 and Sunday 2 January 2000 declared for the Y2K changeover; 3 January by section 2(1).
            Map.entry(LocalDate.of(1999, 12, 31), "Y2K changeover"),
            Map.entry(LocalDate.of(2000, 1, 3), "Y2K changeover"),
            Map.entry(LocalDate.of(2000, 12, 5), "Local government elections"),
            Map.entry(LocalDate.of(2004, 4, 14), "National election"),
            Map.entry(LocalDate.of(2006, 3, 1), "Local government elections"),
            // Human Rights Day and Good Friday coincided on 21 March 2008.
            Map.entry(LocalDate.of(2008, 5, 2), "Public holiday (Human Rights Day on Good Friday)"),
            Map.entry(LocalDate.of(2009, 4, 22), "National election"),
            Map.entry(LocalDate.of(2011, 5, 18), "Local government elections"),
            // Declared in mid-December 2011: Christmas on a Sunday, the Monday already the Day of Goodwill.
            Map.entry(LocalDate.of(2011, 12, 27), "Public holiday (Christmas on a Sunday)"),
            Map.entry(LocalDate.of(2014, 5, 7), "National election"),
            Map.entry(LocalDate.of(2016, 8, 3), "Local government elections"),
            // Presidency, 19 September 2016, at FEDUSA's request.
            Map.entry(LocalDate.of(2016, 12, 27), "Public holiday (Christmas on a Sunday)"),
            Map.entry(LocalDate.of(2019, 5, 8), "National election"),
            // Proclamation Notice 38 of 2021 (GG 45354).
            Map.entry(LocalDate.of(2021, 11, 1), "Local government elections"),
            // Presidency, 8 December 2022.
            Map.entry(LocalDate.of(2022, 12, 27), "Public holiday (Christmas on a Sunday)"),
            Map.entry(LocalDate.of(2024, 5, 29), "National election"));

    public XjseRules() {
        super("XJSE", "Johannesburg Stock Exchange", ZoneId.of("Africa/Johannesburg"),
                LocalDate.of(1995, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /**
     * From this date on, the days are computed by the rules only: a public holiday the President may still declare
     * (an election day, say) is not in them.
     */
    public LocalDate computedFrom() {
        return LocalDate.of(2025, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        holiday(plan, LocalDate.of(year, 1, 1), "New Year's Day");
        holiday(plan, LocalDate.of(year, 3, 21), "Human Rights Day");
        plan.closed(Holidays.goodFriday(year), "Good Friday");
        plan.closed(Holidays.easterMonday(year), "Family Day");
        holiday(plan, LocalDate.of(year, 4, 27), "Freedom Day");
        holiday(plan, LocalDate.of(year, 5, 1), "Workers' Day");
        holiday(plan, LocalDate.of(year, 6, 16), "Youth Day");
        holiday(plan, LocalDate.of(year, 8, 9), "National Women's Day");
        holiday(plan, LocalDate.of(year, 9, 24), "Heritage Day");
        holiday(plan, LocalDate.of(year, 12, 16), "Day of Reconciliation");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        // Christmas on a Sunday: the Monday is the Day of Goodwill anyway, so no extra day by section 2(1).
        plan.closed(LocalDate.of(year, 12, 26), "Day of Goodwill");
        if (LocalDate.of(year, 12, 26).getDayOfWeek() == DayOfWeek.SUNDAY) {
            plan.closed(LocalDate.of(year, 12, 27), "Day of Goodwill (observed)");
        }
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        DECLARED.forEach(plan::closed);
    }

    /** The holiday on its date, and on the Monday after when it falls on a Sunday (section 2(1)). */
    private static void holiday(CalendarPlan plan, LocalDate date, String name) {
        plan.closed(date, name);
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            plan.closed(date.plusDays(1), name + " (observed)");
        }
    }
}
