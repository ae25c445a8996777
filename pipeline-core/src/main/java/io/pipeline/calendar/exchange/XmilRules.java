package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.Holidays;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Borsa Italiana (Euronext Milan, formerly MTA), Europe/Rome.
 *
 * <p>Hours 09:00-17:30 (continuous trading; the closing auction follows at 17:30-17:35).
 *
 * <p>Closures, each on its date only (no weekend substitutes): New Year's Day, Good Friday, Easter Monday, Labour
 * Day, Assumption (15 August, Ferragosto), Christmas Eve, Christmas Day, St Stephen's Day (26 December) and New
 * Year's Eve. Borsa Italiana's "Il calendario di negoziazione 2008" (press release, 3 December 2007) lists exactly
 * these for 2008; the 2021 calendar lists the ones that fell on weekdays (1 January, 2 and 5 April, 24 and 31
 * December); Ferragosto was closed in 2022 and 2025 as every year. Liberation Day (25 April), Republic Day (2 June),
 * All Saints and the Immaculate Conception are trading days. There are no half days.
 *
 * <p>Stated from 2008-01-02, the first calendar cited; days are computed by these rules from 2027.
 */
public final class XmilRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 0), LocalTime.of(17, 30)));

    public XmilRules() {
        super("XMIL", "Borsa Italiana (Euronext Milan)", ZoneId.of("Europe/Rome"),
                LocalDate.of(2008, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** From this date on, the days are computed by the rules rather than taken from a published calendar. */
    public LocalDate computedFrom() {
        return LocalDate.of(2027, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        plan.closed(LocalDate.of(year, 1, 1), "New Year's Day");
        plan.closed(Holidays.goodFriday(year), "Good Friday");
        plan.closed(Holidays.easterMonday(year), "Easter Monday");
        plan.closed(LocalDate.of(year, 5, 1), "Labour Day");
        plan.closed(LocalDate.of(year, 8, 15), "Assumption (Ferragosto)");
        plan.closed(LocalDate.of(year, 12, 24), "Christmas Eve");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "St Stephen's Day");
        plan.closed(LocalDate.of(year, 12, 31), "New Year's Eve");
    }
}
