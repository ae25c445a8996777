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
 * <p>From 2027 ({@link #computedFrom()}) only the holidays that can be stated by rule are computed: Republic Day
 * (26 January), Dr. Baba Saheb Ambedkar Jayanti (14 April), Good Friday, Maharashtra Day (1 May), Independence Day
 * (15 August), Mahatma Gandhi Jayanti (2 October) and Christmas, each only when it falls on a weekday (BSE moves no
 * holiday off a weekend). The Hindu, Islamic, Jain and Sikh festivals (about nine weekdays a year, among them Diwali
 * with its Muhurat session), election days and BSE's later additions follow the lunar and Islamic calendars or
 * government decisions and are not computed. Stated 2024-01-01 to 2036-12-31: 2024 is the first year whose full list
 * and in-year additions are cited here.
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

    /** The weekday closures the stated rule gives for {@code year}: the holidays on fixed dates and Good Friday. */
    public static Map<LocalDate, String> closuresByRule(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
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
            days.putIfAbsent(date, name);
        }
    }
}
