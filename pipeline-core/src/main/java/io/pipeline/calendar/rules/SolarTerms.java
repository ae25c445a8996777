package io.pipeline.calendar.rules;

import java.time.LocalDate;

/**
 * Dates fixed by the sun's longitude rather than by the Gregorian calendar: the Japanese equinox holidays and the
 * Chinese Qingming (Ching Ming) festival. Each is a closed-form approximation of the astronomical event in the
 * exchange's local time, valid for the years stated; tests check them against the published dates.
 */
public final class SolarTerms {

    private SolarTerms() {
    }

    /**
     * Japan's Vernal Equinox Day (the sun at longitude 0 degrees, Japan time). Formula valid 1980-2099, as used with
     * the National Astronomical Observatory of Japan's annual announcement (published each February for the
     * following year); it reproduces every announced date 1980-2027 (the last announced, in February 2026).
     */
    public static LocalDate vernalEquinoxJapan(int year) {
        return LocalDate.of(year, 3, japanDay(20.8431, year));
    }

    /** Japan's Autumnal Equinox Day (longitude 180 degrees, Japan time); same source and validity as the vernal one. */
    public static LocalDate autumnalEquinoxJapan(int year) {
        return LocalDate.of(year, 9, japanDay(23.2488, year));
    }

    /**
     * The Qingming solar term (longitude 15 degrees, Beijing/Hong Kong time), the Ching Ming Festival holiday in Hong
     * Kong. The usual formula floor(Y * 0.2422 + C) - floor(Y / 4), Y the year within its century, C = 5.59 for
     * 1901-1999 and 4.81 for 2000-2100; it agrees with the Hong Kong Observatory's almanac for 1990-2031.
     */
    public static LocalDate qingming(int year) {
        if (year < 1901 || year > 2100) {
            throw new IllegalArgumentException("qingming formula covers 1901-2100, not " + year);
        }
        int y = year % 100;
        double c = year < 2000 ? 5.59 : 4.81;
        int day = (int) Math.floor(y * 0.2422 + c) - y / 4;
        return LocalDate.of(year, 4, day);
    }

    private static int japanDay(double base, int year) {
        if (year < 1980 || year > 2099) {
            throw new IllegalArgumentException("equinox formula covers 1980-2099, not " + year);
        }
        int n = year - 1980;
        return (int) Math.floor(base + 0.242194 * n - Math.floor(n / 4.0));
    }
}
