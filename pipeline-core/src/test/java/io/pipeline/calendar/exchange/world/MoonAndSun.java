package io.pipeline.calendar.exchange.world;

import com.ibm.icu.impl.CalendarAstronomer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The astronomy behind the festival tables of XSES and XBOM (test scope; the calendars read the stored tables).
 *
 * <ul>
 *   <li>New and full moons: Jean Meeus, <i>Astronomical Algorithms</i> (2nd ed., 1998), chapter 49, with all
 *       periodic and planetary terms (a few seconds' accuracy), in dynamical time converted to UT with
 *       {@link #DELTA_T_SECONDS}.</li>
 *   <li>The sun's and the moon's positions and the other phase angles (tithi boundaries): ICU4J's
 *       {@code CalendarAstronomer}, the algorithms of Duffett-Smith's <i>Practical Astronomy with your
 *       Calculator</i>; its new moons 2021-2036 come out up to 20 minutes from Meeus's (checked in
 *       FestivalRulesTest), which is taken as the accuracy of a computed tithi boundary.</li>
 *   <li>Sunrise and sunset: the instant the sun's centre is 0.833 degrees below the horizon (refraction and
 *       semi-diameter), found by bisection, with Greenwich mean sidereal time from Meeus chapter 12.</li>
 * </ul>
 */
final class MoonAndSun {

    /** TT - UT: about 69 s since 2017 (IERS); the small drift to 2036 moves a phase by seconds only. */
    static final double DELTA_T_SECONDS = 69.0;

    private static final double DEG = Math.PI / 180;
    private static final long DAY_MS = 86_400_000L;

    private MoonAndSun() {
    }

    /** The new moon (phase 0) or full moon (phase 0.5) nearest to lunation {@code k} (k = 0 at 6 January 2000). */
    static Instant phase(double k) {
        double t = k / 1236.85;
        double jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t * t - 0.000000150 * t * t * t
                + 0.00000000073 * t * t * t * t;
        double e = 1 - 0.002516 * t - 0.0000074 * t * t;
        double m = rad(2.5534 + 29.10535670 * k - 0.0000014 * t * t - 0.00000011 * t * t * t);
        double mp = rad(201.5643 + 385.81693528 * k + 0.0107582 * t * t + 0.00001238 * t * t * t
                - 0.000000058 * t * t * t * t);
        double f = rad(160.7108 + 390.67050284 * k - 0.0016118 * t * t - 0.00000227 * t * t * t
                + 0.000000011 * t * t * t * t);
        double om = rad(124.7746 - 1.56375588 * k + 0.0020672 * t * t + 0.00000215 * t * t * t);
        boolean full = Math.abs(k - Math.floor(k) - 0.5) < 1e-9;
        double c;
        if (!full) {
            c = -0.40720 * Math.sin(mp) + 0.17241 * e * Math.sin(m) + 0.01608 * Math.sin(2 * mp)
                    + 0.01039 * Math.sin(2 * f) + 0.00739 * e * Math.sin(mp - m) - 0.00514 * e * Math.sin(mp + m)
                    + 0.00208 * e * e * Math.sin(2 * m);
        } else {
            c = -0.40614 * Math.sin(mp) + 0.17302 * e * Math.sin(m) + 0.01614 * Math.sin(2 * mp)
                    + 0.01043 * Math.sin(2 * f) + 0.00734 * e * Math.sin(mp - m) - 0.00515 * e * Math.sin(mp + m)
                    + 0.00209 * e * e * Math.sin(2 * m);
        }
        c += -0.00111 * Math.sin(mp - 2 * f) - 0.00057 * Math.sin(mp + 2 * f) + 0.00056 * e * Math.sin(2 * mp + m)
                - 0.00042 * Math.sin(3 * mp) + 0.00042 * e * Math.sin(m + 2 * f) + 0.00038 * e * Math.sin(m - 2 * f)
                - 0.00024 * e * Math.sin(2 * mp - m) - 0.00017 * Math.sin(om) - 0.00007 * Math.sin(mp + 2 * m)
                + 0.00004 * Math.sin(2 * mp - 2 * f) + 0.00004 * Math.sin(3 * m) + 0.00003 * Math.sin(mp + m - 2 * f)
                + 0.00003 * Math.sin(2 * mp + 2 * f) - 0.00003 * Math.sin(mp + m + 2 * f)
                + 0.00003 * Math.sin(mp - m + 2 * f) - 0.00002 * Math.sin(mp - m - 2 * f)
                - 0.00002 * Math.sin(3 * mp + m) + 0.00002 * Math.sin(4 * mp);
        double[][] planetary = {
                {299.77, 0.107408, -0.009173, 0.000325}, {251.88, 0.016321, 0, 0.000165},
                {251.83, 26.651886, 0, 0.000164}, {349.42, 36.412478, 0, 0.000126}, {84.66, 18.206239, 0, 0.000110},
                {141.74, 53.303771, 0, 0.000062}, {207.14, 2.453732, 0, 0.000060}, {154.84, 7.306860, 0, 0.000056},
                {34.52, 27.261239, 0, 0.000047}, {207.19, 0.121824, 0, 0.000042}, {291.34, 1.844379, 0, 0.000040},
                {161.72, 24.198154, 0, 0.000037}, {239.56, 25.513099, 0, 0.000035}, {331.55, 3.592518, 0, 0.000023}};
        for (double[] p : planetary) {
            c += p[3] * Math.sin(rad(p[0] + p[1] * k + p[2] * t * t));
        }
        double jdUt = jde + c - DELTA_T_SECONDS / 86400.0;
        return Instant.ofEpochMilli(Math.round((jdUt - 2440587.5) * DAY_MS));
    }

    /** The first new moon at or after {@code from}. */
    static Instant newMoonAfter(Instant from) {
        double k = Math.floor(lunation(from)) - 1;
        Instant nm = phase(k);
        while (nm.isBefore(from)) {
            nm = phase(++k);
        }
        return nm;
    }

    /** The last new moon before {@code before}. */
    static Instant newMoonBefore(Instant before) {
        double k = Math.floor(lunation(before)) + 1;
        Instant nm = phase(k);
        while (!nm.isBefore(before)) {
            nm = phase(--k);
        }
        return nm;
    }

    /** The full moon of the lunation that starts with new moon {@code newMoon}. */
    static Instant fullMoonAfter(Instant newMoon) {
        return phase(Math.round(lunation(newMoon)) + 0.5);
    }

    private static double lunation(Instant t) {
        return (jd(t.toEpochMilli()) - 2451550.09766) / 29.530588861;
    }

    /**
     * The first instant after {@code from} at which the moon's longitude leads the sun's by {@code degrees}
     * (ICU's phase search).
     */
    static Instant elongationAfter(Instant from, double degrees) {
        CalendarAstronomer a = new CalendarAstronomer(from.toEpochMilli());
        return Instant.ofEpochMilli(a.getMoonTime(rad(degrees), true));
    }

    /** The sun's apparent tropical longitude, degrees. */
    static double sunLongitude(Instant t) {
        return Math.toDegrees(new CalendarAstronomer(t.toEpochMilli()).getSunLongitude());
    }

    /**
     * The Lahiri (Chitrapaksha) ayanamsa, degrees: about 23 deg 51' at J2000, growing by 50.29" a year (linear; an
     * error of an arc minute moves a sankranti, the sun's entry into a sign, by about half an hour, which decides
     * a month's name only when a new moon falls that close to one).
     */
    static double lahiriAyanamsa(Instant t) {
        double years = (jd(t.toEpochMilli()) - 2451545.0) / 365.25;
        return 23.85306 + years * 50.29 / 3600;
    }

    /** The sun's sidereal (Lahiri) longitude, degrees in [0, 360). */
    static double siderealSunLongitude(Instant t) {
        return norm(sunLongitude(t) - lahiriAyanamsa(t));
    }

    /** The moon's topocentric altitude (degrees, centre, no refraction) at {@code t} seen from lat/lon. */
    static double moonAltitude(Instant t, double lat, double lon) {
        CalendarAstronomer.Equatorial moon = new CalendarAstronomer(t.toEpochMilli()).getMoonPosition();
        double geocentric = altitude(moon.ascension, moon.declination, t.toEpochMilli(), lat, lon);
        // Horizontal parallax of the moon, 0.95 degrees at mean distance.
        return geocentric - 0.95 * Math.cos(rad(geocentric));
    }

    /** The geocentric angular distance between the sun and the moon, degrees. */
    static double elongation(Instant t) {
        CalendarAstronomer a = new CalendarAstronomer(t.toEpochMilli());
        CalendarAstronomer.Equatorial moon = a.getMoonPosition();
        CalendarAstronomer.Equatorial sun = a.eclipticToEquatorial(a.getSunLongitude(), 0);
        double cos = Math.sin(sun.declination) * Math.sin(moon.declination)
                + Math.cos(sun.declination) * Math.cos(moon.declination) * Math.cos(sun.ascension - moon.ascension);
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    static Instant sunrise(LocalDate date, ZoneId zone, double lat, double lon) {
        return sunEvent(date, zone, lat, lon, true);
    }

    static Instant sunset(LocalDate date, ZoneId zone, double lat, double lon) {
        return sunEvent(date, zone, lat, lon, false);
    }

    private static Instant sunEvent(LocalDate date, ZoneId zone, double lat, double lon, boolean rise) {
        long noon = date.atTime(12, 0).atZone(zone).toInstant().toEpochMilli();
        long lo = rise ? noon - DAY_MS / 2 : noon;
        long hi = rise ? noon : noon + DAY_MS / 2;
        while (hi - lo > 1000) {
            long mid = (lo + hi) / 2;
            boolean above = sunAltitude(mid, lat, lon) > -0.833;
            if (rise == above) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Instant.ofEpochMilli((lo + hi) / 2);
    }

    private static double sunAltitude(long ms, double lat, double lon) {
        CalendarAstronomer a = new CalendarAstronomer(ms);
        CalendarAstronomer.Equatorial sun = a.eclipticToEquatorial(a.getSunLongitude(), 0);
        return altitude(sun.ascension, sun.declination, ms, lat, lon);
    }

    private static double altitude(double ra, double dec, long ms, double lat, double lon) {
        double hourAngle = rad(gmst(ms) + lon) - ra;
        return Math.toDegrees(Math.asin(Math.sin(rad(lat)) * Math.sin(dec)
                + Math.cos(rad(lat)) * Math.cos(dec) * Math.cos(hourAngle)));
    }

    /** Greenwich mean sidereal time, degrees (Meeus 12.4). */
    private static double gmst(long ms) {
        double d = jd(ms) - 2451545.0;
        double t = d / 36525;
        return norm(280.46061837 + 360.98564736629 * d + 0.000387933 * t * t);
    }

    private static double jd(long ms) {
        return ms / (double) DAY_MS + 2440587.5;
    }

    static double norm(double degrees) {
        double d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }

    private static double rad(double degrees) {
        return degrees * DEG;
    }
}
