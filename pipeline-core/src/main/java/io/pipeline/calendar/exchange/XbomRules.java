package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.Holidays;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.TradingHours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * BSE (Bombay Stock Exchange), equity segment, Asia/Kolkata.
 *
 * <p>Hours 09:15-15:30, the end of the normal market (the pre-open call runs 09:00-09:08; the closing session
 * 15:40-16:00 is not part of the session here). No lunch break, no half days.
 *
 * <p>Closures 2024-2026: the BSE trading-holiday lists for the equity segment (2024 as republished by SAS
 * Online, with the Parliamentary election of 20 May in Mumbai; 2025 as republished by ETV Bharat, 12 March 2025;
 * 2026 as republished by DNA India and India TV in March 2026, with the Mumbai municipal election of 15 January,
 * Livemint 26 February 2026; the two disagree on Muharram, 26 June or 21 July, and 26 June, 10 Muharram 1448, is
 * taken),
 * the shape of BSE's yearly notice (e.g. Notice 20151207-4, "Trading Holidays for the Calendar Year 2016 for Equity
 * Segment"), plus the closures BSE added during the year: 22 January 2024 (the State of Maharashtra's public holiday)
 * and 20 November 2024 (Maharashtra Legislative Assembly election).
 *
 * <p><b>Muhurat trading.</b> On Diwali Laxmi Pujan the normal market is closed and BSE holds a one-hour Muhurat
 * session at hours it notifies a few weeks before. Trades in it are ordinary trades that settle, so the day is a
 * session here with the Muhurat hours as its open and close (18:00-19:00 on 1 November 2024, NDTV Profit
 * 31 October 2024; 13:45-14:45 on 21 October 2025, the BSE and NSE notices as reported by Deccan Herald,
 * 21 October 2025), not a closure. A Muhurat session on a weekend (as on Sunday 12 November 2023) is outside
 * this model: weekends are never sessions. Special weekend sessions (the Saturday live session of 20 January
 * 2024, the Budget-day sessions of Saturday 1 February 2025 and Sunday 1 February 2026) are not modelled for the
 * same reason.
 *
 * <p>The 2026 list has no weekday Diwali Laxmi Pujan, so no Muhurat session is stated for 2026.
 *
 * <p>From 2027 ({@link #computedFrom()}) the holidays are computed by rule: Republic Day (26 January), Dr. Baba
 * Saheb Ambedkar Jayanti (14 April), Good Friday, Maharashtra Day (1 May), Independence Day (15 August), Mahatma
 * Gandhi Jayanti (2 October) and Christmas, and the twelve festivals of the 2024-2026 lists (Mahashivratri, Holi,
 * Id-Ul-Fitr, Shri Ram Navami, Shri Mahavir Jayanti, Bakri Id, Muharram, Ganesh Chaturthi, Dussehra, Diwali Laxmi
 * Pujan, Diwali Balipratipada, Guru Nanak Jayanti) by the stated rules of
 * docs/decisions/calendars-computed-festivals.md, which reproduce every festival date of those lists; each closes
 * the exchange only when it falls on a weekday (BSE moves no holiday off a weekend). Diwali Laxmi Pujan is a
 * closure in computed years, its Muhurat session's hour being notified by BSE weeks before (an hours override
 * then). Election days and BSE's in-year additions are government decisions and are not computed. Stated
 * 2024-01-01 to 2036-12-31: 2024 is the first year whose full list and in-year additions are cited here.
 */
public final class XbomRules extends RuleBasedExchange {

    private static final HoursHistory HOURS = HoursHistory.always(TradingHours.of(LocalTime.of(9, 15),
            LocalTime.of(15, 30)));
    private static final int FIRST_COMPUTED_YEAR = 2027;

    /** Weekday closures as BSE published them (weekend holidays of the lists are left out). */
    private static final Map<Integer, List<String>> PUBLISHED = Map.of(
            2024, List.of("2024-01-22 Public holiday (Government of Maharashtra)", "2024-01-26 Republic Day",
                    "2024-03-08 Mahashivratri", "2024-03-25 Holi", "2024-03-29 Good Friday",
                    "2024-04-11 Id-Ul-Fitr (Ramadan Eid)", "2024-04-17 Shri Ram Navmi", "2024-05-01 Maharashtra Day",
                    "2024-05-20 Parliamentary Elections", "2024-06-17 Bakri Id", "2024-07-17 Moharram",
                    "2024-08-15 Independence Day", "2024-10-02 Mahatma Gandhi Jayanti",
                    "2024-11-15 Gurunanak Jayanti", "2024-11-20 Maharashtra Legislative Assembly Elections",
                    "2024-12-25 Christmas"),
            2025, List.of("2025-02-26 Mahashivratri", "2025-03-14 Holi", "2025-03-31 Id-Ul-Fitr (Ramzan Id)",
                    "2025-04-10 Shri Mahavir Jayanti", "2025-04-14 Dr. Baba Saheb Ambedkar Jayanti",
                    "2025-04-18 Good Friday", "2025-05-01 Maharashtra Day", "2025-08-15 Independence Day",
                    "2025-08-27 Ganesh Chaturthi", "2025-10-02 Mahatma Gandhi Jayanti/Dussehra",
                    "2025-10-22 Diwali Balipratipada", "2025-11-05 Prakash Gurpurb Sri Guru Nanak Dev",
                    "2025-12-25 Christmas"),
            2026, List.of("2026-01-15 Municipal Corporation Elections in Maharashtra", "2026-01-26 Republic Day",
                    "2026-03-03 Holi", "2026-03-26 Shri Ram Navami", "2026-03-31 Shri Mahavir Jayanti",
                    "2026-04-03 Good Friday", "2026-04-14 Dr. Baba Saheb Ambedkar Jayanti",
                    "2026-05-01 Maharashtra Day", "2026-05-28 Bakri Id", "2026-06-26 Muharram",
                    "2026-09-14 Ganesh Chaturthi", "2026-10-02 Mahatma Gandhi Jayanti", "2026-10-20 Dussehra",
                    "2026-11-10 Diwali Balipratipada", "2026-11-24 Prakash Gurpurb Sri Guru Nanak Dev",
                    "2026-12-25 Christmas"));

    /**
     * The festival holidays of 2027-2036 by the stated rules (docs/decisions/calendars-computed-festivals.md),
     * weekends included: the Hindu festivals by the tithi (lunar day) prevailing at the moment in Mumbai each
     * festival is reckoned by, in the amanta month the sun's sidereal sign names; Id-Ul-Fitr, Bakri Id and
     * Muharram (Ashura) a day after the Umm al-Qura calendar's 1 Shawwal, 10 Dhu al-Hijjah and 10 Muharram.
     * Written by the rules' generator (FestivalRules, test scope, ICU4J 78.3 and Meeus's new moons), which
     * FestivalRulesTest runs against this table and against every festival of the 2024-2026 lists.
     */
    private static final Map<Integer, List<String>> COMPUTED_FESTIVALS = Map.ofEntries(
            Map.entry(2027, List.of("2027-03-06 Mahashivratri", "2027-03-10 Id-Ul-Fitr (Ramzan Id)", "2027-03-22 Holi",
                    "2027-04-15 Shri Ram Navami", "2027-04-19 Shri Mahavir Jayanti", "2027-05-17 Bakri Id",
                    "2027-06-16 Muharram", "2027-09-04 Ganesh Chaturthi", "2027-10-09 Dussehra",
                    "2027-10-29 Diwali Laxmi Pujan", "2027-10-30 Diwali Balipratipada",
                    "2027-11-14 Prakash Gurpurb Sri Guru Nanak Dev")),
            Map.entry(2028, List.of("2028-02-23 Mahashivratri", "2028-02-27 Id-Ul-Fitr (Ramzan Id)", "2028-03-11 Holi",
                    "2028-04-03 Shri Ram Navami", "2028-04-07 Shri Mahavir Jayanti", "2028-05-06 Bakri Id",
                    "2028-06-04 Muharram", "2028-08-23 Ganesh Chaturthi", "2028-09-27 Dussehra",
                    "2028-10-17 Diwali Laxmi Pujan", "2028-10-19 Diwali Balipratipada",
                    "2028-11-02 Prakash Gurpurb Sri Guru Nanak Dev")),
            Map.entry(2029, List.of("2029-02-11 Mahashivratri", "2029-02-15 Id-Ul-Fitr (Ramzan Id)", "2029-03-01 Holi",
                    "2029-04-22 Shri Ram Navami", "2029-04-25 Bakri Id", "2029-04-26 Shri Mahavir Jayanti",
                    "2029-05-24 Muharram", "2029-09-11 Ganesh Chaturthi", "2029-10-16 Dussehra",
                    "2029-11-05 Diwali Laxmi Pujan", "2029-11-07 Diwali Balipratipada",
                    "2029-11-21 Prakash Gurpurb Sri Guru Nanak Dev")),
            Map.entry(2030, List.of("2030-02-05 Id-Ul-Fitr (Ramzan Id)", "2030-03-02 Mahashivratri", "2030-03-20 Holi",
                    "2030-04-12 Shri Ram Navami", "2030-04-14 Bakri Id", "2030-04-16 Shri Mahavir Jayanti",
                    "2030-05-14 Muharram", "2030-09-01 Ganesh Chaturthi", "2030-10-06 Dussehra",
                    "2030-10-26 Diwali Laxmi Pujan", "2030-10-27 Diwali Balipratipada",
                    "2030-11-10 Prakash Gurpurb Sri Guru Nanak Dev")),
            Map.entry(2031, List.of("2031-01-25 Id-Ul-Fitr (Ramzan Id)", "2031-02-20 Mahashivratri", "2031-03-09 Holi",
                    "2031-04-01 Shri Ram Navami", "2031-04-03 Bakri Id", "2031-04-05 Shri Mahavir Jayanti",
                    "2031-05-03 Muharram", "2031-09-20 Ganesh Chaturthi", "2031-10-25 Dussehra",
                    "2031-11-14 Diwali Laxmi Pujan", "2031-11-15 Diwali Balipratipada",
                    "2031-11-28 Prakash Gurpurb Sri Guru Nanak Dev")),
            Map.entry(2032, List.of("2032-01-15 Id-Ul-Fitr (Ramzan Id)", "2032-03-10 Mahashivratri",
                    "2032-03-23 Bakri Id", "2032-03-27 Holi", "2032-04-18 Shri Ram Navami", "2032-04-21 Muharram",
                    "2032-04-23 Shri Mahavir Jayanti", "2032-09-08 Ganesh Chaturthi", "2032-10-14 Dussehra",
                    "2032-11-02 Diwali Laxmi Pujan", "2032-11-04 Diwali Balipratipada",
                    "2032-11-17 Prakash Gurpurb Sri Guru Nanak Dev")),
            Map.entry(2033, List.of("2033-01-04 Id-Ul-Fitr (Ramzan Id)", "2033-02-27 Mahashivratri",
                    "2033-03-13 Bakri Id", "2033-03-16 Holi", "2033-04-07 Shri Ram Navami", "2033-04-11 Muharram",
                    "2033-04-12 Shri Mahavir Jayanti", "2033-08-28 Ganesh Chaturthi", "2033-10-03 Dussehra",
                    "2033-10-22 Diwali Laxmi Pujan", "2033-10-24 Diwali Balipratipada",
                    "2033-11-06 Prakash Gurpurb Sri Guru Nanak Dev", "2033-12-24 Id-Ul-Fitr (Ramzan Id)")),
            Map.entry(2034, List.of("2034-02-17 Mahashivratri", "2034-03-02 Bakri Id", "2034-03-05 Holi",
                    "2034-03-28 Shri Ram Navami", "2034-04-01 Shri Mahavir Jayanti", "2034-04-01 Muharram",
                    "2034-09-16 Ganesh Chaturthi", "2034-10-22 Dussehra", "2034-11-10 Diwali Laxmi Pujan",
                    "2034-11-12 Diwali Balipratipada", "2034-11-25 Prakash Gurpurb Sri Guru Nanak Dev",
                    "2034-12-13 Id-Ul-Fitr (Ramzan Id)")),
            Map.entry(2035, List.of("2035-02-20 Bakri Id", "2035-03-08 Mahashivratri", "2035-03-21 Muharram",
                    "2035-03-24 Holi", "2035-04-16 Shri Ram Navami", "2035-04-20 Shri Mahavir Jayanti",
                    "2035-09-05 Ganesh Chaturthi", "2035-10-11 Dussehra", "2035-10-30 Diwali Laxmi Pujan",
                    "2035-11-01 Diwali Balipratipada", "2035-11-15 Prakash Gurpurb Sri Guru Nanak Dev",
                    "2035-12-02 Id-Ul-Fitr (Ramzan Id)")),
            Map.entry(2036, List.of("2036-02-09 Bakri Id", "2036-02-25 Mahashivratri", "2036-03-10 Muharram",
                    "2036-03-12 Holi", "2036-04-05 Shri Ram Navami", "2036-04-09 Shri Mahavir Jayanti",
                    "2036-08-24 Ganesh Chaturthi", "2036-09-29 Dussehra", "2036-10-19 Diwali Laxmi Pujan",
                    "2036-10-20 Diwali Balipratipada", "2036-11-03 Prakash Gurpurb Sri Guru Nanak Dev",
                    "2036-11-20 Id-Ul-Fitr (Ramzan Id)")));

    /** Diwali Laxmi Pujan: the Muhurat session's open and close, the day's only trading. */
    private static final Map<LocalDate, LocalTime[]> MUHURAT = Map.of(
            LocalDate.of(2024, 11, 1), new LocalTime[] {LocalTime.of(18, 0), LocalTime.of(19, 0)},
            LocalDate.of(2025, 10, 21), new LocalTime[] {LocalTime.of(13, 45), LocalTime.of(14, 45)});

    public XbomRules() {
        super("XBOM", "BSE (Bombay Stock Exchange)", ZoneId.of("Asia/Kolkata"),
                LocalDate.of(2024, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /** From this date on, the days are computed by the rule rather than taken from a BSE list. */
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
        MUHURAT.forEach((date, hours) -> {
            if (date.getYear() == year) {
                plan.opensAt(date, hours[0]);
                plan.closesAt(date, hours[1]);
            }
        });
    }

    /**
     * The weekday closures the stated rule gives for {@code year}: the holidays on fixed dates, Good Friday and
     * (2027-2036) the computed festivals. Diwali Laxmi Pujan is a closure of the normal market here: BSE notifies
     * the Muhurat session's hour a few weeks before, and an Op then enters it as an hours override.
     */
    public static Map<LocalDate, String> closuresByRule(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        festivals(year).forEach((date, name) -> {
            if (!Holidays.isWeekend(date)) {
                days.merge(date, name.replace("Diwali Laxmi Pujan",
                        "Diwali Laxmi Pujan (Muhurat trading at hours BSE notifies)"), (a, b) -> a + "/" + b);
            }
        });
        weekday(days, LocalDate.of(year, 1, 26), "Republic Day");
        weekday(days, LocalDate.of(year, 4, 14), "Dr. Baba Saheb Ambedkar Jayanti");
        weekday(days, Holidays.goodFriday(year), "Good Friday");
        weekday(days, LocalDate.of(year, 5, 1), "Maharashtra Day");
        weekday(days, LocalDate.of(year, 8, 15), "Independence Day");
        weekday(days, LocalDate.of(year, 10, 2), "Mahatma Gandhi Jayanti");
        weekday(days, LocalDate.of(year, 12, 25), "Christmas");
        return days;
    }

    private static void weekday(TreeMap<LocalDate, String> days, LocalDate date, String name) {
        if (!Holidays.isWeekend(date)) {
            days.merge(date, name, (festival, fixed) -> fixed + "/" + festival);
        }
    }

    /** The computed festivals of {@code year} on their own dates, weekends included (2027-2036; else empty). */
    public static Map<LocalDate, String> festivals(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        for (String day : COMPUTED_FESTIVALS.getOrDefault(year, List.of())) {
            int space = day.indexOf(' ');
            days.merge(LocalDate.parse(day.substring(0, space)), day.substring(space + 1), (a, b) -> a + "/" + b);
        }
        return days;
    }

    /** The computed festival rows of {@code year} as stored (date and name), for the generator's check. */
    public static List<String> computedFestivalRows(int year) {
        return COMPUTED_FESTIVALS.getOrDefault(year, List.of());
    }

    /** The weekday closures of a published year (2024-2026) as BSE listed them; empty for other years. */
    public static Map<LocalDate, String> publishedClosures(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        for (String day : PUBLISHED.getOrDefault(year, List.of())) {
            int space = day.indexOf(' ');
            days.put(LocalDate.parse(day.substring(0, space)), day.substring(space + 1));
        }
        return days;
    }
}
