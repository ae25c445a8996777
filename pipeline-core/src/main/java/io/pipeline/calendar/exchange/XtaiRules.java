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
 * Taiwan Stock Exchange, Asia/Taipei.
 *
 * <p>Hours 09:00-13:30 (continuous trading, the closing call auction ending at 13:30; 13:30 since 2001), no lunch
 * break, no half days. Closed on the Directorate-General of Personnel Administration's (DGPA) holidays and on the
 * TWSE's own "no trading, market opens only for clearing and settlement" days before Lunar New Year: a day without
 * trading is no session here.
 *
 * <p>2024 and 2025: the TWSE holiday schedules as published (twse.com.tw holidaySchedule; 2024 as republished by
 * ForexChurch, 2025 by CalendarLabs), including the DGPA's bridge days (8 February 2024, 27 January 2025), and the
 * three holidays added by the 2025 amendment of the Memorial Days and Holidays Implementation Regulations (Teachers'
 * Day 28 September, Retrocession Day 25 October, Constitution Day 25 December, each moved off the weekend).
 * Typhoon closures are dated ad hoc closures with their source.
 *
 * <p>From 2026 ({@link #computedFrom()}) the days come from the rule those schedules follow: New Year's Day, Peace
 * Memorial Day (28 February), Children's Day (4 April) and Tomb-Sweeping Day (Qingming), Labour Day, the Dragon
 * Boat and Mid-Autumn Festivals, Teachers' Day, National Day (10 October), Retrocession Day and Constitution Day,
 * each moved from a Saturday to the Friday before and from a Sunday to the Monday after; when Children's Day and
 * Tomb-Sweeping Day fall on the same date, Children's Day moves to the day before, or to the day after when that
 * date is a Thursday. Lunar New Year: its eve and first three days (from 2026 also the day before the eve), each of
 * them on a weekend giving one more weekday after the block; the two weekdays before the block without trading.
 * The DGPA's bridge days and typhoon closures are not computed. Lunar dates: Hong Kong Observatory tables through
 * 2030 ({@link LunarDates}), then the Chinese calendar at UTC+8 computed with ICU. Stated 2024-01-01 to 2036-12-31:
 * 2024 is the first year for which a complete TWSE schedule and the year's ad hoc closures are cited here.
 */
public final class XtaiRules extends RuleBasedExchange {

    private static final HoursHistory HOURS = HoursHistory.always(TradingHours.of(LocalTime.of(9, 0),
            LocalTime.of(13, 30)));
    private static final int FIRST_COMPUTED_YEAR = 2026;

    /** Weekday closures as the TWSE published them. */
    private static final Map<Integer, List<String>> PUBLISHED = Map.of(
            2024, List.of("2024-01-01 New Year's Day", "2024-02-06 No trading (settlement only)",
                    "2024-02-07 No trading (settlement only)", "2024-02-08 Lunar New Year (adjusted holiday)",
                    "2024-02-09 Lunar New Year's Eve", "2024-02-12 Lunar New Year", "2024-02-13 Lunar New Year",
                    "2024-02-14 Lunar New Year", "2024-02-28 Peace Memorial Day", "2024-04-04 Children's Day",
                    "2024-04-05 Tomb-Sweeping Day", "2024-05-01 Labour Day", "2024-06-10 Dragon Boat Festival",
                    "2024-09-17 Mid-Autumn Festival", "2024-10-10 National Day"),
            2025, List.of("2025-01-01 New Year's Day", "2025-01-23 No trading (settlement only)",
                    "2025-01-24 No trading (settlement only)", "2025-01-27 Lunar New Year (adjusted holiday)",
                    "2025-01-28 Lunar New Year's Eve", "2025-01-29 Lunar New Year", "2025-01-30 Lunar New Year",
                    "2025-01-31 Lunar New Year", "2025-02-28 Peace Memorial Day", "2025-04-03 Children's Day",
                    "2025-04-04 Tomb-Sweeping Day", "2025-05-01 Labour Day", "2025-05-30 Dragon Boat Festival",
                    "2025-09-29 Teachers' Day", "2025-10-06 Mid-Autumn Festival", "2025-10-10 National Day",
                    "2025-10-24 Retrocession Day", "2025-12-25 Constitution Day"));

    /** Lunar New Year, Dragon Boat (5/5) and Mid-Autumn (8/15) at UTC+8 after the Observatory's table. */
    private static final Map<Integer, String[]> LUNAR = Map.of(
            2031, new String[] {"01-23", "06-24", "10-01"},
            2032, new String[] {"02-11", "06-12", "09-19"},
            2033, new String[] {"01-31", "06-01", "09-08"},
            2034, new String[] {"02-19", "06-20", "09-27"},
            2035, new String[] {"02-08", "06-10", "09-16"},
            2036, new String[] {"01-28", "05-30", "10-04"});

    public XtaiRules() {
        super("XTAI", "Taiwan Stock Exchange", ZoneId.of("Asia/Taipei"),
                LocalDate.of(2024, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** From this date on, the days are computed by the rule rather than taken from a TWSE schedule. */
    public LocalDate computedFrom() {
        return LocalDate.of(FIRST_COMPUTED_YEAR, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        List<String> published = PUBLISHED.get(year);
        if (published != null) {
            for (String day : published) {
                int space = day.indexOf(' ');
                plan.closed(LocalDate.parse(day.substring(0, space)), day.substring(space + 1));
            }
        } else if (year >= FIRST_COMPUTED_YEAR && year <= 2036) {
            closuresByRule(year).forEach(plan::closed);
        }
        // 2023 and 2037, the neighbour years the base also plans, add nothing inside 2024-2036: only a New Year's Day
        // on a Saturday reaches back a year, and 1 January of 2024 and 2037 are a Monday and a Thursday.
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // Typhoon Gaemi: no trading on 24 and 25 July 2024 (Bloomberg via BNN Bloomberg, 24 July 2024,
        // "Taiwan's Exchange Will Stay Closed a Second Day Due to Typhoon").
        plan.closed(LocalDate.of(2024, 7, 24), "Typhoon Gaemi");
        plan.closed(LocalDate.of(2024, 7, 25), "Typhoon Gaemi");
        // Typhoon Krathon: no trading on 2 and 3 October 2024 (Taipei Times, 2 October 2024; RFA, 3 October 2024).
        plan.closed(LocalDate.of(2024, 10, 2), "Typhoon Krathon");
        plan.closed(LocalDate.of(2024, 10, 3), "Typhoon Krathon");
        // Typhoon Kong-rey: no trading on 31 October 2024 (NDTV Profit, 31 October 2024).
        plan.closed(LocalDate.of(2024, 10, 31), "Typhoon Kong-rey");
    }

    /** The weekday closures the stated rule gives for {@code year} (2024-2036), without bridge days. */
    public static Map<LocalDate, String> closuresByRule(int year) {
        return closuresByRule(year, List.of());
    }

    /**
     * The weekday closures the stated rule gives for {@code year}, with the DGPA's {@code bridges} (adjusted holidays
     * just before the Lunar New Year block) taken into the block, so that the no-trading days precede them.
     */
    public static Map<LocalDate, String> closuresByRule(int year, List<LocalDate> bridges) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        LocalDate[] lunar = lunar(year);
        lunarNewYear(days, lunar[0], year >= 2026, bridges);
        oneDay(days, LocalDate.of(year, 1, 1), "New Year's Day");
        oneDay(days, LocalDate.of(year, 2, 28), "Peace Memorial Day");
        LocalDate children = LocalDate.of(year, 4, 4);
        LocalDate tombSweeping = SolarTerms.qingming(year);
        if (children.equals(tombSweeping)) {
            children = children.getDayOfWeek() == DayOfWeek.THURSDAY ? children.plusDays(1) : children.minusDays(1);
        }
        oneDay(days, children, "Children's Day");
        oneDay(days, tombSweeping, "Tomb-Sweeping Day");
        oneDay(days, LocalDate.of(year, 5, 1), "Labour Day");
        oneDay(days, lunar[1], "Dragon Boat Festival");
        oneDay(days, lunar[2], "Mid-Autumn Festival");
        oneDay(days, LocalDate.of(year, 10, 10), "National Day");
        if (year >= 2025) {
            oneDay(days, LocalDate.of(year, 9, 28), "Teachers' Day");
            oneDay(days, LocalDate.of(year, 10, 25), "Retrocession Day");
            oneDay(days, LocalDate.of(year, 12, 25), "Constitution Day");
        }
        return days;
    }

    /** Eve (and, from 2026, the day before it) and days 1-3; weekend days among them add weekdays after the block. */
    private static void lunarNewYear(TreeMap<LocalDate, String> days, LocalDate newYear, boolean withEveOfEve,
                                     List<LocalDate> bridges) {
        LocalDate first = newYear.minusDays(withEveOfEve ? 2 : 1);
        for (LocalDate bridge : bridges) {
            days.put(bridge, "Lunar New Year (adjusted holiday)");
            if (bridge.isBefore(first)) {
                first = bridge;
            }
        }
        LocalDate last = newYear.plusDays(2);
        int extra = 0;
        LocalDate firstWeekday = null;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (bridges.contains(d)) {
                if (firstWeekday == null) {
                    firstWeekday = d;
                }
            } else if (Holidays.isWeekend(d)) {
                extra++;
            } else {
                days.put(d, d.equals(newYear.minusDays(1)) ? "Lunar New Year's Eve" : "Lunar New Year");
                if (firstWeekday == null) {
                    firstWeekday = d;
                }
            }
        }
        LocalDate d = last;
        while (extra > 0) {
            d = d.plusDays(1);
            if (!Holidays.isWeekend(d)) {
                days.put(d, "Lunar New Year");
                extra--;
            }
        }
        LocalDate before = firstWeekday == null ? first : firstWeekday;
        for (int n = 0; n < 2; ) {
            before = before.minusDays(1);
            if (!Holidays.isWeekend(before)) {
                days.put(before, "No trading (settlement only)");
                n++;
            }
        }
    }

    private static void oneDay(TreeMap<LocalDate, String> days, LocalDate day, String name) {
        days.putIfAbsent(switch (day.getDayOfWeek()) {
            case SATURDAY -> day.minusDays(1);
            case SUNDAY -> day.plusDays(1);
            default -> day;
        }, name);
    }

    private static LocalDate[] lunar(int year) {
        if (year <= LunarDates.LAST_YEAR) {
            LunarDates.Festivals f = LunarDates.of(year);
            return new LocalDate[] {f.lunarNewYear(), f.tuenNg(), f.midAutumn()};
        }
        String[] row = LUNAR.get(year);
        if (row == null) {
            throw new IllegalArgumentException("XTAI lunar dates cover up to 2036, not " + year);
        }
        return new LocalDate[] {LocalDate.parse(year + "-" + row[0]), LocalDate.parse(year + "-" + row[1]),
                LocalDate.parse(year + "-" + row[2])};
    }
}
