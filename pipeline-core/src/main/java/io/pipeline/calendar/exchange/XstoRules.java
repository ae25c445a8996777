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
import java.time.temporal.TemporalAdjusters;

/**
 * Nasdaq Stockholm, equities, Europe/Stockholm.
 *
 * <p>Hours 09:00-17:30 (continuous trading to 17:25, closing call to 17:30). Half days close at 13:00 (continuous
 * trading to 12:55, closing call to 13:00): the eve of Epiphany (5 January), Maundy Thursday, Walpurgis Night (30
 * April), the eve of Ascension and All Saints' Eve (the Friday before All Saints' Day), when they are weekdays.
 * Nasdaq Nordic's half-day list for 2024 is 5 January, 28 March, 30 April, 8 May and 1 November; OMX announced the
 * Maundy Thursday half day already in 2007 ("Reminder of coming public half-days and closed days", 4 April 2007).
 *
 * <p>Closures, each on its date only: New Year's Day, Epiphany (6 January), Good Friday, Easter Monday, Labour Day,
 * Ascension, National Day (6 June, a public holiday since 2005 in place of Whit Monday), Midsummer Eve (the Friday
 * between 19 and 25 June), Christmas Eve, Christmas Day, Boxing Day and New Year's Eve.
 *
 * <p>Stated from 2010-01-04 (the 09:00-17:30 day is not sourced before); days are computed by these rules from 2027.
 */
public final class XstoRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 0), LocalTime.of(17, 30)));
    private static final LocalTime HALF_DAY_CLOSE = LocalTime.of(13, 0);

    public XstoRules() {
        super("XSTO", "Nasdaq Stockholm", ZoneId.of("Europe/Stockholm"),
                LocalDate.of(2010, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** From this date on, the days are computed by the rules rather than taken from a published calendar. */
    public LocalDate computedFrom() {
        return LocalDate.of(2027, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        LocalDate easter = Holidays.easterSunday(year);
        plan.closed(LocalDate.of(year, 1, 1), "New Year's Day");
        plan.closed(LocalDate.of(year, 1, 6), "Epiphany");
        plan.closed(easter.minusDays(2), "Good Friday");
        plan.closed(easter.plusDays(1), "Easter Monday");
        plan.closed(LocalDate.of(year, 5, 1), "Labour Day");
        plan.closed(easter.plusDays(39), "Ascension Day");
        plan.closed(LocalDate.of(year, 6, 6), "National Day");
        plan.closed(LocalDate.of(year, 6, 19).with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY)), "Midsummer Eve");
        plan.closed(LocalDate.of(year, 12, 24), "Christmas Eve");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "Boxing Day");
        plan.closed(LocalDate.of(year, 12, 31), "New Year's Eve");

        plan.closesAt(LocalDate.of(year, 1, 5), HALF_DAY_CLOSE);
        plan.closesAt(easter.minusDays(3), HALF_DAY_CLOSE);
        plan.closesAt(LocalDate.of(year, 4, 30), HALF_DAY_CLOSE);
        plan.closesAt(easter.plusDays(38), HALF_DAY_CLOSE);
        plan.closesAt(LocalDate.of(year, 10, 30).with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY)), HALF_DAY_CLOSE);
    }
}
