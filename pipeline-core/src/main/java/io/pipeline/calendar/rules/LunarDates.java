package io.pipeline.calendar.rules;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Festival dates of the Chinese lunisolar calendar as observed in Hong Kong, 1990-2036: the first day of the first
 * month (Lunar New Year), 4/8 (Buddha's Birthday), 5/5 (Tuen Ng, Dragon Boat), 8/15 (Mid-Autumn) and 9/9 (Chung
 * Yeung), each as the Gregorian date it falls on.
 *
 * <p>Source: the Hong Kong Observatory's Gregorian-Lunar Calendar Conversion Tables (hko.gov.hk, one per year),
 * which the government's annual list of general holidays follows. The table was produced with an astronomical
 * computation (ICU's Chinese calendar, Beijing time) and checked against the Observatory's dates and the lunisolar
 * tables of exchange_calendars: all agree except Lunar New Year 2027 and 2030, where the new moon falls within ten
 * minutes of midnight and the less precise computation slips a day; the Observatory's 2027-02-06 and 2030-02-03 are
 * used here.
 *
 * <p>2031-2036 ({@link #FIRST_COMPUTED_YEAR} on) are computed by the same rule (ICU4J 78.3's {@code ChineseCalendar}
 * in Asia/Shanghai time: the Gregorian date of lunar month/day in the lunar year that starts in that Gregorian year;
 * the same computation gives the table's 2024-2030 rows exactly, including the two slipped New Years above) and not
 * yet checked against the Observatory's tables; a date whose new moon falls within minutes of midnight may be a
 * day off, as in 2027 and 2030. The XHKG calendar reports them through {@code computedFrom}.
 */
public final class LunarDates {

    public static final int FIRST_YEAR = 1990;
    public static final int LAST_YEAR = 2036;

    /** The first year whose dates are computed only, not checked against the Observatory's published tables. */
    public static final int FIRST_COMPUTED_YEAR = 2031;

    private static final Map<Integer, Festivals> TABLE = new TreeMap<>(Map.ofEntries(
            row(1990, "01-27", "05-02", "05-28", "10-03", "10-26"),
            row(1991, "02-15", "05-21", "06-16", "09-22", "10-16"),
            row(1992, "02-04", "05-10", "06-05", "09-11", "10-04"),
            row(1993, "01-23", "05-28", "06-24", "09-30", "10-23"),
            row(1994, "02-10", "05-18", "06-13", "09-20", "10-13"),
            row(1995, "01-31", "05-07", "06-02", "09-09", "11-01"),
            row(1996, "02-19", "05-24", "06-20", "09-27", "10-20"),
            row(1997, "02-07", "05-14", "06-09", "09-16", "10-10"),
            row(1998, "01-28", "05-03", "05-30", "10-05", "10-28"),
            row(1999, "02-16", "05-22", "06-18", "09-24", "10-17"),
            row(2000, "02-05", "05-11", "06-06", "09-12", "10-06"),
            row(2001, "01-24", "04-30", "06-25", "10-01", "10-25"),
            row(2002, "02-12", "05-19", "06-15", "09-21", "10-14"),
            row(2003, "02-01", "05-08", "06-04", "09-11", "10-04"),
            row(2004, "01-22", "05-26", "06-22", "09-28", "10-22"),
            row(2005, "02-09", "05-15", "06-11", "09-18", "10-11"),
            row(2006, "01-29", "05-05", "05-31", "10-06", "10-30"),
            row(2007, "02-18", "05-24", "06-19", "09-25", "10-19"),
            row(2008, "02-07", "05-12", "06-08", "09-14", "10-07"),
            row(2009, "01-26", "05-02", "05-28", "10-03", "10-26"),
            row(2010, "02-14", "05-21", "06-16", "09-22", "10-16"),
            row(2011, "02-03", "05-10", "06-06", "09-12", "10-05"),
            row(2012, "01-23", "04-28", "06-23", "09-30", "10-23"),
            row(2013, "02-10", "05-17", "06-12", "09-19", "10-13"),
            row(2014, "01-31", "05-06", "06-02", "09-08", "10-02"),
            row(2015, "02-19", "05-25", "06-20", "09-27", "10-21"),
            row(2016, "02-08", "05-14", "06-09", "09-15", "10-09"),
            row(2017, "01-28", "05-03", "05-30", "10-04", "10-28"),
            row(2018, "02-16", "05-22", "06-18", "09-24", "10-17"),
            row(2019, "02-05", "05-12", "06-07", "09-13", "10-07"),
            row(2020, "01-25", "04-30", "06-25", "10-01", "10-25"),
            row(2021, "02-12", "05-19", "06-14", "09-21", "10-14"),
            row(2022, "02-01", "05-08", "06-03", "09-10", "10-04"),
            row(2023, "01-22", "05-26", "06-22", "09-29", "10-23"),
            row(2024, "02-10", "05-15", "06-10", "09-17", "10-11"),
            row(2025, "01-29", "05-05", "05-31", "10-06", "10-29"),
            row(2026, "02-17", "05-24", "06-19", "09-25", "10-18"),
            row(2027, "02-06", "05-13", "06-09", "09-15", "10-08"),
            row(2028, "01-26", "05-02", "05-28", "10-03", "10-26"),
            row(2029, "02-13", "05-20", "06-16", "09-22", "10-16"),
            row(2030, "02-03", "05-09", "06-05", "09-12", "10-05"),
            // Computed, not checked against a published table (see the class comment).
            row(2031, "01-23", "05-28", "06-24", "10-01", "10-24"),
            row(2032, "02-11", "05-16", "06-12", "09-19", "10-12"),
            row(2033, "01-31", "05-06", "06-01", "09-08", "10-01"),
            row(2034, "02-19", "05-25", "06-20", "09-27", "10-20"),
            row(2035, "02-08", "05-15", "06-10", "09-16", "10-09"),
            row(2036, "01-28", "05-03", "05-30", "10-04", "10-27")));

    private LunarDates() {
    }

    /** The festivals of Gregorian {@code year} (Lunar New Year is the one that starts in that Gregorian year). */
    public static Festivals of(int year) {
        Festivals f = TABLE.get(year);
        if (f == null) {
            throw new IllegalArgumentException("lunar festival table covers " + FIRST_YEAR + "-" + LAST_YEAR + ", not " + year);
        }
        return f;
    }

    public record Festivals(LocalDate lunarNewYear, LocalDate buddhasBirthday, LocalDate tuenNg, LocalDate midAutumn,
                            LocalDate chungYeung) {
    }

    private static Map.Entry<Integer, Festivals> row(int year, String lny, String buddha, String tuenNg, String midAutumn,
                                                     String chungYeung) {
        return Map.entry(year, new Festivals(date(year, lny), date(year, buddha), date(year, tuenNg),
                date(year, midAutumn), date(year, chungYeung)));
    }

    private static LocalDate date(int year, String monthDay) {
        return LocalDate.parse(year + "-" + monthDay);
    }
}
