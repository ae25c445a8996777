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
import java.util.Map;
import java.util.TreeMap;

/**
 * Korea Exchange, KOSPI market, Asia/Seoul (no daylight saving).
 *
 * <p>Hours: 09:00-15:00, 09:00-15:30 from 2016-08-01 (KRX's 30-minute extension of the regular session); no lunch
 * break (abolished in May 2000). Every year's first trading day opens at 10:00; on the day of the national college
 * entrance exam (Suneung) the market opens at 10:00 and closes an hour late (16:00, from 2016-08-01 16:30).
 *
 * <p>Closures: the public holidays of the Regulations on Holidays of Government Offices and the Act on Public
 * Holidays, plus Labour Day (1 May) and the year-end closing day (the last weekday of December), which KRX's business
 * regulation adds: New Year's Day; Seollal (the eve, day and day after Lunar New Year); Independence Movement Day (1
 * March); Children's Day (5 May); Buddha's Birthday (8th day of the 4th lunar month); Memorial Day (6 June);
 * Liberation Day (15 August); Chuseok (the eve, day and day after the 15th of the 8th lunar month); National
 * Foundation Day (3 October); Hangul Day (9 October); Christmas. Substitute holidays (the first weekday after that is
 * not a holiday): from 2014 for Seollal and Chuseok when a day falls on a Sunday or on another holiday, and for
 * Children's Day on a weekend or another holiday; from August 2021 for 1 March, 15 August, 3 and 9 October on a
 * weekend; from May 2023 for Buddha's Birthday and Christmas on a weekend. Election days are holidays: the past ones
 * dated, the future general (first Wednesday on or after 9 April, 2028, 2032, 2036) and local elections (first
 * Wednesday on or after 31 May, a week later when that is Memorial Day; 2026, 2030, 2034) by the Public Official
 * Election Act; an early presidential election and temporary holidays the government designates cannot be computed.
 *
 * <p>Lunar dates: the Korean calendar in Korea Standard Time (the Korea Astronomy and Space Science Institute's
 * tables); rows computed with ICU's Dangi calendar and checked against the published holiday lists 2014-2026 (e.g.
 * Seollal 2027 is 7 February in Korea, a day after China's). Stated 2014-01-01 (the substitute-holiday regime) to
 * 2036-12-31; days are computed by rule from 2027-01-01.
 */
public final class XkrxRules extends RuleBasedExchange {

    private static final LocalDate EXTENDED_CLOSE = LocalDate.of(2016, 8, 1);
    private static final HoursHistory HOURS = HoursHistory
            .always(TradingHours.of(LocalTime.of(9, 0), LocalTime.of(15, 0)))
            .from(EXTENDED_CLOSE, TradingHours.of(LocalTime.of(9, 0), LocalTime.of(15, 30)));
    private static final LocalTime LATE_OPEN = LocalTime.of(10, 0);

    /** Seollal (1/1), Buddha's Birthday (4/8) and Chuseok (8/15) in Korea Standard Time, by Gregorian year. */
    private static final Map<Integer, LocalDate[]> LUNAR = new TreeMap<>(Map.ofEntries(
            lunar(2013, "02-10", "05-17", "09-19"),
            lunar(2014, "01-31", "05-06", "09-08"),
            lunar(2015, "02-19", "05-25", "09-27"),
            lunar(2016, "02-08", "05-14", "09-15"),
            lunar(2017, "01-28", "05-03", "10-04"),
            lunar(2018, "02-16", "05-22", "09-24"),
            lunar(2019, "02-05", "05-12", "09-13"),
            lunar(2020, "01-25", "04-30", "10-01"),
            lunar(2021, "02-12", "05-19", "09-21"),
            lunar(2022, "02-01", "05-08", "09-10"),
            lunar(2023, "01-22", "05-27", "09-29"),
            lunar(2024, "02-10", "05-15", "09-17"),
            lunar(2025, "01-29", "05-05", "10-06"),
            lunar(2026, "02-17", "05-24", "09-25"),
            lunar(2027, "02-07", "05-13", "09-15"),
            lunar(2028, "01-27", "05-02", "10-03"),
            lunar(2029, "02-13", "05-20", "09-22"),
            lunar(2030, "02-03", "05-09", "09-12"),
            lunar(2031, "01-23", "05-28", "10-01"),
            lunar(2032, "02-11", "05-16", "09-19"),
            lunar(2033, "01-31", "05-06", "09-08"),
            lunar(2034, "02-19", "05-25", "09-27"),
            lunar(2035, "02-08", "05-15", "09-16"),
            lunar(2036, "01-28", "05-03", "10-04"),
            lunar(2037, "02-15", "05-22", "09-24")));

    /** Past election days and temporary public holidays (Presidential Decree, announced by the Ministry). */
    private static final Map<LocalDate, String> DATED = Map.ofEntries(
            Map.entry(LocalDate.of(2014, 6, 4), "Local elections"),
            Map.entry(LocalDate.of(2015, 8, 14), "Temporary holiday (70th Liberation Day)"),
            Map.entry(LocalDate.of(2016, 4, 13), "General election"),
            Map.entry(LocalDate.of(2016, 5, 6), "Temporary holiday"),
            Map.entry(LocalDate.of(2017, 5, 9), "Presidential election"),
            Map.entry(LocalDate.of(2017, 10, 2), "Temporary holiday"),
            Map.entry(LocalDate.of(2018, 6, 13), "Local elections"),
            Map.entry(LocalDate.of(2020, 4, 15), "General election"),
            Map.entry(LocalDate.of(2020, 8, 17), "Temporary holiday"),
            Map.entry(LocalDate.of(2022, 3, 9), "Presidential election"),
            Map.entry(LocalDate.of(2022, 6, 1), "Local elections"),
            Map.entry(LocalDate.of(2023, 10, 2), "Temporary holiday"),
            Map.entry(LocalDate.of(2024, 4, 10), "General election"),
            Map.entry(LocalDate.of(2024, 10, 1), "Armed Forces Day (temporary holiday)"),
            Map.entry(LocalDate.of(2025, 1, 27), "Temporary holiday"),
            Map.entry(LocalDate.of(2025, 6, 3), "Presidential election"));

    /** College Scholastic Ability Test days (Ministry of Education): late open and late close. */
    private static final LocalDate[] SUNEUNG = {
        LocalDate.of(2014, 11, 13), LocalDate.of(2015, 11, 12), LocalDate.of(2016, 11, 17),
        // Postponed a week from 16 November after the Pohang earthquake.
        LocalDate.of(2017, 11, 23), LocalDate.of(2018, 11, 15), LocalDate.of(2019, 11, 14),
        // Moved to 3 December by the COVID-19 school closures.
        LocalDate.of(2020, 12, 3), LocalDate.of(2021, 11, 18), LocalDate.of(2022, 11, 17),
        LocalDate.of(2023, 11, 16), LocalDate.of(2024, 11, 14), LocalDate.of(2025, 11, 13)};

    public XkrxRules() {
        super("XKRX", "Korea Exchange", ZoneId.of("Asia/Seoul"),
                LocalDate.of(2014, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** From this date on, the days are computed by the rules rather than taken from a published KRX calendar. */
    public LocalDate computedFrom() {
        return LocalDate.of(2027, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        LocalDate[] lunar = LUNAR.get(year);
        if (lunar == null) {
            // Only the neighbour years the base also plans (2013, 2037) can be missing; their rows are in the
            // table anyway, so this is never reached for a year whose dates can fall inside the bounds.
            return;
        }
        TreeMap<LocalDate, String> days = new TreeMap<>();
        days.put(LocalDate.of(year, 1, 1), "New Year's Day");
        days.put(LocalDate.of(year, 3, 1), "Independence Movement Day");
        days.put(LocalDate.of(year, 5, 1), "Labour Day");
        days.put(LocalDate.of(year, 5, 5), "Children's Day");
        days.putIfAbsent(lunar[1], "Buddha's Birthday");
        days.put(LocalDate.of(year, 6, 6), "Memorial Day");
        days.put(LocalDate.of(year, 8, 15), "Liberation Day");
        days.put(LocalDate.of(year, 10, 3), "National Foundation Day");
        if (year >= 2013) {
            days.put(LocalDate.of(year, 10, 9), "Hangul Day");
        }
        days.put(LocalDate.of(year, 12, 25), "Christmas Day");
        boolean seollalNeedsSubstitute = addThreeDays(days, lunar[0], "Seollal");
        boolean chuseokNeedsSubstitute = addThreeDays(days, lunar[2], "Chuseok");
        addElections(year, days);

        if (seollalNeedsSubstitute) {
            substitute(days, lunar[0].plusDays(1), "Seollal (substitute)");
        }
        if (chuseokNeedsSubstitute) {
            substitute(days, lunar[2].plusDays(1), "Chuseok (substitute)");
        }
        LocalDate children = LocalDate.of(year, 5, 5);
        if (Holidays.isWeekend(children) || children.equals(lunar[1])) {
            substitute(days, children, "Children's Day (substitute)");
        }
        if (year >= 2021) {
            for (int[] md : new int[][] {{3, 1}, {8, 15}, {10, 3}, {10, 9}}) {
                LocalDate d = LocalDate.of(year, md[0], md[1]);
                // The extension took effect in August 2021: 1 March 2021 (a Monday anyway) is the only earlier one.
                if (Holidays.isWeekend(d)) {
                    substitute(days, d, days.get(d) + " (substitute)");
                }
            }
        }
        if (year >= 2023) {
            if (Holidays.isWeekend(lunar[1])) {
                substitute(days, lunar[1], "Buddha's Birthday (substitute)");
            }
            LocalDate christmas = LocalDate.of(year, 12, 25);
            if (Holidays.isWeekend(christmas)) {
                substitute(days, christmas, "Christmas Day (substitute)");
            }
        }
        days.forEach(plan::closed);
        plan.closed(Holidays.previousFriday(LocalDate.of(year, 12, 31)), "Year-end closing day");

        LocalDate firstTradingDay = Holidays.weekendToMonday(LocalDate.of(year, 1, 2));
        plan.opensAt(firstTradingDay, LATE_OPEN);
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        DATED.forEach(plan::closed);
        for (LocalDate exam : SUNEUNG) {
            plan.opensAt(exam, LATE_OPEN);
            plan.closesAt(exam, exam.isBefore(EXTENDED_CLOSE) ? LocalTime.of(16, 0) : LocalTime.of(16, 30));
        }
    }

    /**
     * Adds the eve, the day and the day after; true when one of them is a Sunday or already a holiday (the 2014
     * rule for a substitute day).
     */
    private static boolean addThreeDays(TreeMap<LocalDate, String> days, LocalDate day, String name) {
        boolean clash = false;
        for (int i = -1; i <= 1; i++) {
            LocalDate d = day.plusDays(i);
            clash |= d.getDayOfWeek() == DayOfWeek.SUNDAY || days.containsKey(d);
            days.putIfAbsent(d, name);
        }
        return clash;
    }

    /** The first weekday after {@code from} that is not yet a holiday becomes one. */
    private static void substitute(TreeMap<LocalDate, String> days, LocalDate from, String name) {
        LocalDate d = from.plusDays(1);
        while (Holidays.isWeekend(d) || days.containsKey(d)) {
            d = d.plusDays(1);
        }
        days.put(d, name);
    }

    private static void addElections(int year, TreeMap<LocalDate, String> days) {
        if (year >= 2028 && year % 4 == 0) {
            days.putIfAbsent(LocalDate.of(year, 4, 9).with(TemporalAdjusters.nextOrSame(DayOfWeek.WEDNESDAY)),
                    "General election");
        }
        if (year >= 2026 && (year - 2026) % 4 == 0) {
            LocalDate local = LocalDate.of(year, 5, 31).with(TemporalAdjusters.nextOrSame(DayOfWeek.WEDNESDAY));
            days.putIfAbsent(local.equals(LocalDate.of(year, 6, 6)) ? local.plusWeeks(1) : local, "Local elections");
        }
    }

    private static Map.Entry<Integer, LocalDate[]> lunar(int year, String seollal, String buddha, String chuseok) {
        return Map.entry(year, new LocalDate[] {LocalDate.parse(year + "-" + seollal),
                LocalDate.parse(year + "-" + buddha), LocalDate.parse(year + "-" + chuseok)});
    }
}
