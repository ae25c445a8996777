package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.DeutscheBoerseHolidays;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Frankfurt Stock Exchange floor trading (Boerse Frankfurt, MIC XFRA), Europe/Berlin.
 *
 * <p>Hours 09:00-17:30 throughout: the exchange_calendars convention for XFRA (the specialist model has run longer
 * hours, 08:00-20:00 and later 08:00-22:00, but the calendar follows the reference hours of the Xetra day).
 * Stated 1990-01-01 to 2030-12-31, with today's rules applied to every year (the exchange_calendars convention).
 *
 * <p>Closures and the 14:00 year-end early close: {@link DeutscheBoerseHolidays}.
 */
public final class XfraRules extends RuleBasedExchange {

    private static final TradingHours HOURS = TradingHours.of(LocalTime.of(9, 0), LocalTime.of(17, 30));

    public XfraRules() {
        super("XFRA", "Boerse Frankfurt (floor)", ZoneId.of("Europe/Berlin"), LocalDate.of(1990, 1, 1), LocalDate.of(2030, 12, 31));
    }

    @Override
    protected TradingHours regularHours(LocalDate date) {
        return HOURS;
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        DeutscheBoerseHolidays.plan(year, plan);
    }
}
