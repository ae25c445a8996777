package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.Holidays;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.LunarDates;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Singapore Exchange, securities market, Asia/Singapore.
 *
 * <p>Hours 09:00-17:00, the end of continuous trading (the closing routine follows), with the midday break
 * 12:00-13:00. The break's history: 12:30-14:00 until SGX went to all-day trading on 1 August 2011 (The Trade News,
 * "SGX kicks off all-day trading"; Financial Times via Daily FT, 24 January 2011), none from then, 12:00-13:00 again
 * from 13 November 2017 (CNA and The Straits Times, 18 July 2017); only the last is inside this calendar's range.
 * Half days to 12:00, without the break, on the eves of Chinese New Year, Christmas and New Year when the eve is a
 * weekday (SGX list for 2021 as
 * republished by TradingHours.com: 11 February, 24 and 31 December 2021 09:00-12:00; a Saturday eve gives no half
 * day on the Friday).
 *
 * <p>Closures: the gazetted public holidays of Singapore's Holidays Act, a holiday on a Sunday observed on the
 * Monday (on the next day that is not already a holiday, so a Sunday first day of Chinese New Year moves the
 * second day's observance to the Tuesday); a holiday on a Saturday gives no closure. New Year's Day, the first two
 * days of Chinese New Year, Good Friday, Labour Day, National Day (9 August) and Christmas by rule; Hari Raya
 * Puasa, Vesak Day, Hari Raya Haji and Deepavali as the Ministry of Manpower gazetted them for 2021-2026 (MOM public
 * holiday lists; SGX 2021 list via TradingHours.com; SGX 2024 list via TipRanks: 10 April, 22 May, 17 June and 31
 * October 2024); polling days dated as ad hoc closures.
 *
 * <p>From 2027 ({@link #computedFrom()}) the days are computed by rule, the four festivals the government
 * gazettes each year from the Islamic, Buddhist and Hindu calendars included: those by the stated rules of
 * docs/decisions/calendars-computed-festivals.md, which reproduce 23 of the 24 gazetted dates of 2021-2026 (not
 * Hari Raya Puasa 2022: the rule gives 2 May, MOM gazetted 3 May), with the Sunday rule as for every holiday.
 * Polling days are not computed. Lunar New Year from {@link LunarDates} through 2030, then the Chinese calendar
 * (UTC+8, the same as Beijing time) computed with ICU. Stated 2021-01-01 to 2036-12-31: 2021 is the first year
 * backed here by an SGX holiday list.
 */
public final class XsesRules extends RuleBasedExchange {

    private static final HoursHistory HOURS = HoursHistory.always(TradingHours.withBreak(LocalTime.of(9, 0),
            LocalTime.of(12, 0), LocalTime.of(13, 0), LocalTime.of(17, 0)));
    private static final LocalTime HALF_DAY_CLOSE = LocalTime.of(12, 0);
    private static final int FIRST_COMPUTED_YEAR = 2027;

    /**
     * Hari Raya Puasa, Vesak Day, Hari Raya Haji and Deepavali as gazetted (MOM), before the Sunday rule. The 2022
     * Hari Raya dates are MOM's revision of 21 October 2021 after MUIS's (CNA, 21 October 2021: 3 May, and 10 July
     * with Monday 11 July the holiday).
     */
    private static final Map<Integer, String[]> GAZETTED = Map.of(
            2021, new String[] {"2021-05-13", "2021-05-26", "2021-07-20", "2021-11-04"},
            2022, new String[] {"2022-05-03", "2022-05-15", "2022-07-10", "2022-10-24"},
            2023, new String[] {"2023-04-22", "2023-06-02", "2023-06-29", "2023-11-12"},
            2024, new String[] {"2024-04-10", "2024-05-22", "2024-06-17", "2024-10-31"},
            2025, new String[] {"2025-03-31", "2025-05-12", "2025-06-07", "2025-10-20"},
            2026, new String[] {"2026-03-21", "2026-05-31", "2026-05-27", "2026-11-08"});
    private static final String[] FESTIVALS = {"Hari Raya Puasa", "Vesak Day", "Hari Raya Haji", "Deepavali"};

    /**
     * The same four festivals for 2027-2036 by the stated rules (docs/decisions/calendars-computed-festivals.md):
     * Hari Raya Puasa (1 Shawwal) and Hari Raya Haji (10 Dhu al-Hijjah) by the MABIMS crescent criteria at
     * Singapore sunset (altitude 3 degrees, elongation 6.4 degrees), Vesak Day on the 15th day of the 4th Chinese
     * lunar month ({@link #vesakDay}), Deepavali on the day whose sunrise in Singapore falls in the 14th tithi of
     * the waning moon of Ashvin (Naraka Chaturdashi). Written by the rules' generator (FestivalRules, test scope,
     * ICU4J 78.3 and Meeus's new moons), which FestivalRulesTest runs against this table and against 2021-2026's
     * gazetted dates. Hari Raya Puasa falls twice in 2033. A gazetted date, when MOM publishes it, replaces the
     * computed one (an override until this table is updated).
     */
    private static final Map<Integer, List<String>> COMPUTED = Map.ofEntries(
            Map.entry(2027, List.of("2027-03-10 Hari Raya Puasa", "2027-05-17 Hari Raya Haji", "2027-05-20 Vesak Day",
                    "2027-10-28 Deepavali")),
            Map.entry(2028, List.of("2028-02-27 Hari Raya Puasa", "2028-05-05 Hari Raya Haji", "2028-05-09 Vesak Day",
                    "2028-10-17 Deepavali")),
            Map.entry(2029, List.of("2029-02-15 Hari Raya Puasa", "2029-04-25 Hari Raya Haji", "2029-05-27 Vesak Day",
                    "2029-11-05 Deepavali")),
            Map.entry(2030, List.of("2030-02-04 Hari Raya Puasa", "2030-04-14 Hari Raya Haji", "2030-05-16 Vesak Day",
                    "2030-10-26 Deepavali")),
            Map.entry(2031, List.of("2031-01-25 Hari Raya Puasa", "2031-04-03 Hari Raya Haji", "2031-06-04 Vesak Day",
                    "2031-11-14 Deepavali")),
            Map.entry(2032, List.of("2032-01-14 Hari Raya Puasa", "2032-03-22 Hari Raya Haji", "2032-05-23 Vesak Day",
                    "2032-11-02 Deepavali")),
            Map.entry(2033, List.of("2033-01-03 Hari Raya Puasa", "2033-03-12 Hari Raya Haji", "2033-05-13 Vesak Day",
                    "2033-10-22 Deepavali", "2033-12-23 Hari Raya Puasa")),
            Map.entry(2034, List.of("2034-03-01 Hari Raya Haji", "2034-06-01 Vesak Day", "2034-11-09 Deepavali",
                    "2034-12-12 Hari Raya Puasa")),
            Map.entry(2035, List.of("2035-02-19 Hari Raya Haji", "2035-05-22 Vesak Day", "2035-10-30 Deepavali",
                    "2035-12-01 Hari Raya Puasa")),
            Map.entry(2036, List.of("2036-02-08 Hari Raya Haji", "2036-05-10 Vesak Day", "2036-10-18 Deepavali",
                    "2036-11-19 Hari Raya Puasa")));

    /** Lunar New Year (first day), UTC+8, after the Hong Kong Observatory table's last year. */
    private static final Map<Integer, String> LUNAR_NEW_YEAR = Map.of(
            2031, "2031-01-23", 2032, "2032-02-11", 2033, "2033-01-31", 2034, "2034-02-19", 2035, "2035-02-08",
            2036, "2036-01-28", 2037, "2037-02-15");

    public XsesRules() {
        super("XSES", "Singapore Exchange", ZoneId.of("Asia/Singapore"),
                LocalDate.of(2021, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** From this date on, the days are computed by the rule rather than taken from a gazetted list. */
    public LocalDate computedFrom() {
        return LocalDate.of(FIRST_COMPUTED_YEAR, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        if (year < 2020) {
            return;
        }
        holidays(year).forEach(plan::closed);
        LocalDate cny = lunarNewYear(year);
        halfDay(plan, cny.minusDays(1));
        halfDay(plan, LocalDate.of(year, 12, 24));
        halfDay(plan, LocalDate.of(year, 12, 31));
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // Polling days are public holidays (Parliamentary Elections Act s.36 / Presidential Elections Act):
        // presidential election, 1 September 2023 (MOM, Polling Day 2023). The general election of 3 May 2025 fell
        // on a Saturday.
        plan.closed(LocalDate.of(2023, 9, 1), "Polling Day");
    }

    /** The weekday closures of {@code year} by the rule, with the gazetted festival dates where known. */
    static Map<LocalDate, String> holidays(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        days.put(LocalDate.of(year, 1, 1), "New Year's Day");
        LocalDate cny = lunarNewYear(year);
        days.put(cny, "Chinese New Year");
        days.put(cny.plusDays(1), "Chinese New Year");
        days.put(Holidays.goodFriday(year), "Good Friday");
        days.put(LocalDate.of(year, 5, 1), "Labour Day");
        days.put(LocalDate.of(year, 8, 9), "National Day");
        days.put(LocalDate.of(year, 12, 25), "Christmas Day");
        festivals(year).forEach(days::putIfAbsent);
        TreeMap<LocalDate, String> observed = new TreeMap<>();
        for (Map.Entry<LocalDate, String> e : days.entrySet()) {
            LocalDate d = e.getKey();
            DayOfWeek dow = d.getDayOfWeek();
            if (dow == DayOfWeek.SATURDAY) {
                continue;
            }
            if (dow == DayOfWeek.SUNDAY) {
                d = d.plusDays(1);
                while (days.containsKey(d) || observed.containsKey(d)) {
                    d = d.plusDays(1);
                }
            }
            observed.putIfAbsent(d, e.getValue());
        }
        return observed;
    }

    /**
     * Hari Raya Puasa, Vesak Day, Hari Raya Haji and Deepavali of {@code year} on their own dates (before the
     * Sunday rule): as gazetted for 2021-2026, as computed by the stated rules for 2027-2036; empty outside.
     */
    public static Map<LocalDate, String> festivals(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        String[] gazetted = GAZETTED.get(year);
        if (gazetted != null) {
            for (int i = 0; i < gazetted.length; i++) {
                days.merge(LocalDate.parse(gazetted[i]), FESTIVALS[i], (a, b) -> a + "/" + b);
            }
        }
        for (String day : COMPUTED.getOrDefault(year, List.of())) {
            int space = day.indexOf(' ');
            days.merge(LocalDate.parse(day.substring(0, space)), day.substring(space + 1), (a, b) -> a + "/" + b);
        }
        return days;
    }

    /** The computed festival rows of {@code year} as stored (date and name), for the generator's check. */
    public static List<String> computedFestivalRows(int year) {
        return COMPUTED.getOrDefault(year, List.of());
    }

    static LocalDate lunarNewYear(int year) {
        if (year <= LunarDates.LAST_YEAR) {
            return LunarDates.of(year).lunarNewYear();
        }
        String d = LUNAR_NEW_YEAR.get(year);
        if (d == null) {
            throw new IllegalArgumentException("XSES lunar dates cover up to 2037, not " + year);
        }
        return LocalDate.parse(d);
    }

    /**
     * Vesak Day by the rule: the full moon day of the fourth month, the fifteenth day of the fourth month of the
     * Chinese lunar calendar (a week after Buddha's Birthday, its eighth day, in {@link LunarDates}).
     */
    public static LocalDate vesakDay(int year) {
        return LunarDates.of(year).buddhasBirthday().plusDays(7);
    }

    private static void halfDay(CalendarPlan plan, LocalDate eve) {
        if (!Holidays.isWeekend(eve)) {
            plan.closesAt(eve, HALF_DAY_CLOSE);
        }
    }
}
