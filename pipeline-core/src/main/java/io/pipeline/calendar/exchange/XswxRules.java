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
 * SIX Swiss Exchange, equities, Europe/Zurich.
 *
 * <p>Hours 09:00-17:30 (continuous trading to 17:20, then the closing auction to 17:30; the close is the end of the
 * closing auction). No half days.
 *
 * <p>Closures, each on its date only: New Year's Day, Berchtold's Day (2 January), Good Friday, Easter Monday, Labour
 * Day, Ascension, Whit Monday, Swiss National Day (1 August), Christmas Eve, Christmas Day, St Stephen's Day and
 * New Year's Eve (SIX trading calendar; its 2022 closures were exactly Good Friday, Easter Monday, Ascension, Whit
 * Monday, 1 August and 26 December, the others falling on weekends).
 *
 * <p>History not stated: from 25 June 2001 SWX traded equities on 2 January, Ascension, Whit Monday and 1 August,
 * keeping TARGET's closing days plus New Year's Eve ("Change in SWX trading hours and trading calendar, effective 25
 * June 2001", SWX, 15 May 2001); when the Swiss holidays came back is not established here, so the calendar starts
 * 2016-01-04, from when the current list is checked. Days are computed by these rules from 2027.
 */
public final class XswxRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 0), LocalTime.of(17, 30)));

    public XswxRules() {
        super("XSWX", "SIX Swiss Exchange", ZoneId.of("Europe/Zurich"),
                LocalDate.of(2016, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** From this date on, the days are computed by the rules rather than taken from a published calendar. */
    public LocalDate computedFrom() {
        return LocalDate.of(2027, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        LocalDate easter = Holidays.easterSunday(year);
        plan.closed(LocalDate.of(year, 1, 1), "New Year's Day");
        plan.closed(LocalDate.of(year, 1, 2), "Berchtold's Day");
        plan.closed(easter.minusDays(2), "Good Friday");
        plan.closed(easter.plusDays(1), "Easter Monday");
        plan.closed(LocalDate.of(year, 5, 1), "Labour Day");
        plan.closed(easter.plusDays(39), "Ascension Day");
        plan.closed(easter.plusDays(50), "Whit Monday");
        plan.closed(LocalDate.of(year, 8, 1), "Swiss National Day");
        plan.closed(LocalDate.of(year, 12, 24), "Christmas Eve");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "St Stephen's Day");
        plan.closed(LocalDate.of(year, 12, 31), "New Year's Eve");
    }
}
