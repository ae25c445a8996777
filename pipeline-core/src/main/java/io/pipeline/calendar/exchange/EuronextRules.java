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
 * The one trading calendar Euronext publishes for its cash markets (Amsterdam, Brussels, Lisbon, Paris; Dublin from
 * 2019), Europe/Paris and Europe/Amsterdam keep the same clock.
 *
 * <p>Hours 09:00-17:30 (continuous trading; the closing auction follows at 17:30-17:35).
 *
 * <p>Closures: New Year's Day, Good Friday, Easter Monday, Labour Day (1 May), Christmas Day and Boxing Day (26
 * December), each on its date only: a holiday on a weekend is not moved (NYSE Euronext's 2012 calendar has no
 * closure for Sunday 1 January 2012; Euronext's 2011 calendar none for Saturday 1 January and Sunday 1 May 2011).
 * Half days on Christmas Eve and New Year's Eve when they are weekdays: cash markets close at 14:00 CET (NYSE
 * Euronext press release "2012 Holiday Calendar and Early Closing dates", 14 November 2011), at 14:05 CET from 2019
 * (Euronext press release "2019 Holiday Calendar for its Cash and Derivatives markets", 18 October 2018).
 *
 * <p>Stated from 2010-01-04, the first year whose Euronext holiday calendar is checked here (24 and 31 December 2010
 * short days); earlier years had national closures (e.g. Paris on Ascension and Whit Monday before the
 * harmonisation) that are not stated. Days are computed by these rules after the last published calendar (2026).
 */
public class EuronextRules extends RuleBasedExchange {

    static final LocalDate FIRST = LocalDate.of(2010, 1, 1);
    static final LocalDate LAST = LocalDate.of(2036, 12, 31);
    /** The first date whose closures come from these rules only, not from a calendar Euronext has published. */
    static final LocalDate COMPUTED_FROM = LocalDate.of(2027, 1, 1);
    /** The 14:05 half-day close in the 2019 calendar is the first one cited; earlier half days close at 14:00. */
    static final int FIRST_YEAR_OF_1405_CLOSE = 2019;

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 0), LocalTime.of(17, 30)));

    protected EuronextRules(String code, String name, ZoneId zone) {
        super(code, name, zone, FIRST, LAST, HOURS);
    }

    /** From this date on, the days are computed by the rules rather than taken from a published calendar. */
    public LocalDate computedFrom() {
        return COMPUTED_FROM;
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        plan.closed(LocalDate.of(year, 1, 1), "New Year's Day");
        plan.closed(Holidays.goodFriday(year), "Good Friday");
        plan.closed(Holidays.easterMonday(year), "Easter Monday");
        plan.closed(LocalDate.of(year, 5, 1), "Labour Day");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "Boxing Day");
        LocalTime halfDay = year >= FIRST_YEAR_OF_1405_CLOSE ? LocalTime.of(14, 5) : LocalTime.of(14, 0);
        plan.closesAt(LocalDate.of(year, 12, 24), halfDay);
        plan.closesAt(LocalDate.of(year, 12, 31), halfDay);
    }
}
