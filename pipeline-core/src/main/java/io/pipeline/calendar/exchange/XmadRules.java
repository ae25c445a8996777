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
 * Bolsa de Madrid (BME, the Spanish exchanges' common SIBE calendar), Europe/Madrid.
 *
 * <p>Hours 09:00-17:30 (continuous trading; the closing auction follows at 17:30-17:35). Half days to 14:00 on
 * Christmas Eve and New Year's Eve when they are weekdays.
 *
 * <p>Closures, each on its date only: New Year's Day, Good Friday, Easter Monday, Labour Day, Christmas Day and St
 * Stephen's Day (26 December). Sources: BME "Calendario 2019 en los mercados espanoles" (press note, 21 November
 * 2018: 24 and 31 December open to 14:00); EFE in elEconomista, 23 December 2013 (six closures in 2013, 24 and 31
 * December to 14:00 "as decided for 2012"); EFE, 7 and 26 December 2025 (the same six days in 2025 and five in 2026,
 * 26 December 2026 being a Saturday; Immaculate Conception on 8 December a trading day). Spain's exchanges cut their
 * closures from eleven (2004) to these from 2005 on; the years 2005-2011 are not stated here.
 *
 * <p>Stated from 2012-01-02; days are computed by these rules from 2027.
 */
public final class XmadRules extends RuleBasedExchange {

    private static final HoursHistory HOURS =
            HoursHistory.always(TradingHours.of(LocalTime.of(9, 0), LocalTime.of(17, 30)));
    private static final LocalTime HALF_DAY_CLOSE = LocalTime.of(14, 0);

    public XmadRules() {
        super("XMAD", "Bolsa de Madrid", ZoneId.of("Europe/Madrid"),
                LocalDate.of(2012, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
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
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(LocalDate.of(year, 12, 26), "St Stephen's Day");
        plan.closesAt(LocalDate.of(year, 12, 24), HALF_DAY_CLOSE);
        plan.closesAt(LocalDate.of(year, 12, 31), HALF_DAY_CLOSE);
    }
}
