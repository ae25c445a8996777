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
 * B3 (Brasil, Bolsa, Balcao), cash equities, America/Sao_Paulo (no daylight saving since 2019).
 *
 * <p>Hours: open 10:00; close 18:00 (continuous trading to 17:55, closing call to 18:00) while New York is on
 * standard time, 17:00 while it is on daylight time, B3 keeping its day aligned with New York's (Exame, February
 * 2024: "das 10h as 18h"). Ash Wednesday opens late at 13:00 (B3's notices for 2023 and 2024: continuous trading
 * 13:00-17:55 after a 12:45 pre-opening).
 *
 * <p>Closures, on their dates: New Year's Day, Carnival Monday and Tuesday, Good Friday, Tiradentes (21 April),
 * Labour Day, Corpus Christi, Independence Day (7 September), Our Lady Aparecida (12 October), All Souls (2
 * November), Proclamation of the Republic (15 November), Black Consciousness Day (20 November, a national holiday
 * from 2024 by Lei 14.759/2023), Christmas Eve and Christmas Day, and the last weekday of the year. From 2022 B3
 * trades on Sao Paulo's city and state holidays (25 January, 9 July and, until 2023, 20 November): Seu Dinheiro and
 * Investidor10 on B3's 2024 calendar ("pelo terceiro ano consecutivo"; closures 1 January, 12-13 February, 29 March,
 * 1 May, 30 May, 15 November, 24, 25 and 31 December).
 *
 * <p>Stated from 2022-01-01, the first year of that rule; days are computed by these rules from 2027.
 */
public final class BvmfRules extends RuleBasedExchange {

    private static final LocalDate FIRST = LocalDate.of(2022, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2036, 12, 31);
    private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
    private static final LocalTime ASH_WEDNESDAY_OPEN = LocalTime.of(13, 0);

    /** New York one hour behind Sao Paulo (US daylight time): 10:00-17:00; two hours behind: 10:00-18:00. */
    private static final HoursHistory HOURS = NewYorkAlignedHours.of(ZONE, FIRST.minusDays(1), LAST.plusDays(1),
            lead -> lead >= -1
                    ? TradingHours.of(LocalTime.of(10, 0), LocalTime.of(17, 0))
                    : TradingHours.of(LocalTime.of(10, 0), LocalTime.of(18, 0)));

    public BvmfRules() {
        super("BVMF", "B3 (Brasil Bolsa Balcao)", ZONE, FIRST, LAST, HOURS);
    }

    /** From this date on, the days are computed by the rules rather than taken from a published B3 calendar. */
    public LocalDate computedFrom() {
        return LocalDate.of(2027, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        LocalDate easter = Holidays.easterSunday(year);
        plan.closed(LocalDate.of(year, 1, 1), "New Year's Day");
        plan.closed(easter.minusDays(48), "Carnival Monday");
        plan.closed(easter.minusDays(47), "Carnival Tuesday");
        plan.closed(easter.minusDays(2), "Good Friday");
        plan.closed(LocalDate.of(year, 4, 21), "Tiradentes");
        plan.closed(LocalDate.of(year, 5, 1), "Labour Day");
        plan.closed(easter.plusDays(60), "Corpus Christi");
        plan.closed(LocalDate.of(year, 9, 7), "Independence Day");
        plan.closed(LocalDate.of(year, 10, 12), "Our Lady Aparecida");
        plan.closed(LocalDate.of(year, 11, 2), "All Souls' Day");
        plan.closed(LocalDate.of(year, 11, 15), "Proclamation of the Republic");
        if (year >= 2024) {
            plan.closed(LocalDate.of(year, 11, 20), "Black Consciousness Day");
        }
        plan.closed(LocalDate.of(year, 12, 24), "Christmas Eve");
        plan.closed(LocalDate.of(year, 12, 25), "Christmas Day");
        plan.closed(Holidays.previousFriday(LocalDate.of(year, 12, 31)), "Last trading day of the year (no trading)");
        plan.opensAt(easter.minusDays(46), ASH_WEDNESDAY_OPEN);
    }
}
