package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.Holidays;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.LunarDates;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.SolarTerms;
import io.pipeline.calendar.rules.TradingHours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shanghai Stock Exchange, A shares, Asia/Shanghai.
 *
 * <p>Hours 09:30-15:00 with the lunch break 11:30-13:00 (morning and afternoon continuous auctions; the closing call
 * auction ends at 15:00). No half days. Make-up working Saturdays and Sundays of the State Council's schedule are
 * not trading days.
 *
 * <p>Closures 2021-2026: the SSE's yearly notices "关于上海证券交易所20xx年(全年/部分节假日)休市安排的通知", each
 * block as published (SSE 24 December 2020, 20 December 2021, 27 December 2022, 26 December 2023; SSE/SZSE/BSE 23
 * December 2024 and 22 December 2025). From 2027 the days are computed by the rule those schedules follow since the
 * State Council's 2024 revision of the holiday regulation (four Spring Festival days, two for Labour Day, three for
 * National Day): New Year's Day; the Spring Festival from its eve to the sixth day; Qingming; 1-5 May; the Dragon Boat
 * Festival; Mid-Autumn; 1-7 October (1-8 when Mid-Autumn falls in 1-8 October). A one-day holiday on a Tuesday takes
 * the Monday with it, one on a Thursday the Friday; one on a weekend moves to the Monday. The rule reproduces the
 * published 2025 and 2026 schedules exactly; the State Council may publish other blocks.
 *
 * <p>Lunar dates from 2027: Hong Kong Observatory tables through 2030 ({@link LunarDates}),
 * then the Chinese calendar in Beijing time computed with ICU. Stated 2021-01-01 to 2036-12-31.
 */
public final class XshgRules extends RuleBasedExchange {

    private static final HoursHistory HOURS = HoursHistory.always(TradingHours.withBreak(
            LocalTime.of(9, 30), LocalTime.of(11, 30), LocalTime.of(13, 0), LocalTime.of(15, 0)));
    private static final int FIRST_COMPUTED_YEAR = 2027;

    /** Closure blocks as the SSE published them (first and last day, inclusive; weekends inside are not trading anyway). */
    private static final Map<Integer, List<String>> PUBLISHED = Map.of(
            2021, List.of("2021-01-01/2021-01-03 New Year's Day", "2021-02-11/2021-02-17 Spring Festival",
                    "2021-04-03/2021-04-05 Qingming Festival", "2021-05-01/2021-05-05 Labour Day",
                    "2021-06-12/2021-06-14 Dragon Boat Festival", "2021-09-19/2021-09-21 Mid-Autumn Festival",
                    "2021-10-01/2021-10-07 National Day"),
            2022, List.of("2022-01-01/2022-01-03 New Year's Day", "2022-01-31/2022-02-06 Spring Festival",
                    "2022-04-03/2022-04-05 Qingming Festival", "2022-04-30/2022-05-04 Labour Day",
                    "2022-06-03/2022-06-05 Dragon Boat Festival", "2022-09-10/2022-09-12 Mid-Autumn Festival",
                    "2022-10-01/2022-10-07 National Day"),
            2023, List.of("2022-12-31/2023-01-02 New Year's Day", "2023-01-21/2023-01-27 Spring Festival",
                    "2023-04-05/2023-04-05 Qingming Festival", "2023-04-29/2023-05-03 Labour Day",
                    "2023-06-22/2023-06-24 Dragon Boat Festival",
                    "2023-09-29/2023-10-06 Mid-Autumn Festival and National Day"),
            2024, List.of("2023-12-30/2024-01-01 New Year's Day", "2024-02-09/2024-02-17 Spring Festival",
                    "2024-04-04/2024-04-06 Qingming Festival", "2024-05-01/2024-05-05 Labour Day",
                    "2024-06-10/2024-06-10 Dragon Boat Festival", "2024-09-15/2024-09-17 Mid-Autumn Festival",
                    "2024-10-01/2024-10-07 National Day"),
            2025, List.of("2025-01-01/2025-01-01 New Year's Day", "2025-01-28/2025-02-04 Spring Festival",
                    "2025-04-04/2025-04-06 Qingming Festival", "2025-05-01/2025-05-05 Labour Day",
                    "2025-05-31/2025-06-02 Dragon Boat Festival",
                    "2025-10-01/2025-10-08 National Day and Mid-Autumn Festival"),
            2026, List.of("2026-01-01/2026-01-03 New Year's Day", "2026-02-15/2026-02-23 Spring Festival",
                    "2026-04-04/2026-04-06 Qingming Festival", "2026-05-01/2026-05-05 Labour Day",
                    "2026-06-19/2026-06-21 Dragon Boat Festival", "2026-09-25/2026-09-27 Mid-Autumn Festival",
                    "2026-10-01/2026-10-07 National Day"));

    /** Lunar New Year, Dragon Boat (5/5) and Mid-Autumn (8/15), Beijing time, for the computed years. */
    private static final Map<Integer, String[]> LUNAR = Map.of(
            2031, new String[] {"01-23", "06-24", "10-01"},
            2032, new String[] {"02-11", "06-12", "09-19"},
            2033, new String[] {"01-31", "06-01", "09-08"},
            2034, new String[] {"02-19", "06-20", "09-27"},
            2035, new String[] {"02-08", "06-10", "09-16"},
            2036, new String[] {"01-28", "05-30", "10-04"});

    public XshgRules() {
        super("XSHG", "Shanghai Stock Exchange", ZoneId.of("Asia/Shanghai"),
                LocalDate.of(2021, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** From this date on, the days are computed by the rule rather than taken from an SSE notice. */
    public LocalDate computedFrom() {
        return LocalDate.of(FIRST_COMPUTED_YEAR, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        List<String> published = PUBLISHED.get(year);
        if (published != null) {
            for (String block : published) {
                int space = block.indexOf(' ');
                String[] range = block.substring(0, space).split("/");
                closeWeekdays(plan, LocalDate.parse(range[0]), LocalDate.parse(range[1]), block.substring(space + 1));
            }
        } else if (year >= FIRST_COMPUTED_YEAR && year <= 2036) {
            closuresByRule(year).forEach(plan::closed);
        }
        // 2020 and 2037, the neighbour years the base also plans, add nothing inside 2021-2036: their blocks lie in
        // their own year (New Year's Day 2037 is a Thursday and takes the Friday after it).
    }

    /** The weekday closures the stated rule gives for {@code year} (2025-2036), with their names. */
    public static Map<LocalDate, String> closuresByRule(int year) {
        LocalDate[] lunar = lunar(year);
        TreeMap<LocalDate, String> days = new TreeMap<>();
        oneDay(days, LocalDate.of(year, 1, 1), "New Year's Day");
        range(days, lunar[0].minusDays(1), lunar[0].plusDays(6), "Spring Festival");
        oneDay(days, SolarTerms.qingming(year), "Qingming Festival");
        range(days, LocalDate.of(year, 5, 1), LocalDate.of(year, 5, 5), "Labour Day");
        oneDay(days, lunar[1], "Dragon Boat Festival");
        LocalDate midAutumn = lunar[2];
        LocalDate october1 = LocalDate.of(year, 10, 1);
        if (!midAutumn.isBefore(october1) && !midAutumn.isAfter(october1.plusDays(7))) {
            range(days, october1, october1.plusDays(7), "National Day and Mid-Autumn Festival");
        } else if (!midAutumn.isBefore(october1.minusDays(2)) && midAutumn.isBefore(october1)) {
            range(days, midAutumn, october1.plusDays(6), "Mid-Autumn Festival and National Day");
        } else {
            oneDay(days, midAutumn, "Mid-Autumn Festival");
            range(days, october1, october1.plusDays(6), "National Day");
        }
        return days;
    }

    private static LocalDate[] lunar(int year) {
        if (year <= LunarDates.LAST_YEAR) {
            LunarDates.Festivals f = LunarDates.of(year);
            return new LocalDate[] {f.lunarNewYear(), f.tuenNg(), f.midAutumn()};
        }
        String[] row = LUNAR.get(year);
        if (row == null) {
            throw new IllegalArgumentException("XSHG lunar dates cover up to 2036, not " + year);
        }
        return new LocalDate[] {LocalDate.parse(year + "-" + row[0]), LocalDate.parse(year + "-" + row[1]),
                LocalDate.parse(year + "-" + row[2])};
    }

    /** A one-day holiday: with the Monday when on a Tuesday, with the Friday when on a Thursday, to Monday from a weekend. */
    private static void oneDay(TreeMap<LocalDate, String> days, LocalDate day, String name) {
        DayOfWeek dow = day.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
            days.putIfAbsent(Holidays.weekendToMonday(day), name);
            return;
        }
        days.putIfAbsent(day, name);
        if (dow == DayOfWeek.TUESDAY) {
            days.putIfAbsent(day.minusDays(1), name);
        } else if (dow == DayOfWeek.THURSDAY) {
            days.putIfAbsent(day.plusDays(1), name);
        }
    }

    private static void range(TreeMap<LocalDate, String> days, LocalDate from, LocalDate to, String name) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (!Holidays.isWeekend(d)) {
                days.putIfAbsent(d, name);
            }
        }
    }

    private static void closeWeekdays(CalendarPlan plan, LocalDate from, LocalDate to, String name) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (!Holidays.isWeekend(d)) {
                plan.closed(d, name);
            }
        }
    }
}
