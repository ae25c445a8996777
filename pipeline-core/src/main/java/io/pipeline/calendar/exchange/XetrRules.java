package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.DeutscheBoerseHolidays;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Xetra, Deutsche Boerse's electronic cash market, Europe/Berlin.
 *
 * <p>Hours 09:00-17:30 (continuous trading from the opening auction to the closing auction).
 * Stated 1990-01-01 to 2036-12-31, with today's rules applied to every year (the exchange_calendars convention).
 *
 * <p>Closures and the 14:00 year-end early close: {@link DeutscheBoerseHolidays}.
 */
public class XetrRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 0), LocalTime.of(17, 30)));

    public XetrRules() {
        this("XETR", "Xetra");
    }

    /** For Deutsche Boerse venues that keep Xetra's calendar and reference hours under their own code (XFRA). */
    protected XetrRules(String code, String name) {
        super(code, name, ZoneId.of("Europe/Berlin"), LocalDate.of(1990, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        DeutscheBoerseHolidays.plan(year, plan);
    }
}
