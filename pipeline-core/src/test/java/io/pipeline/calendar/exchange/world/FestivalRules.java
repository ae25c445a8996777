package io.pipeline.calendar.exchange.world;

import com.ibm.icu.util.IslamicCalendar;
import com.ibm.icu.util.TimeZone;
import io.pipeline.calendar.exchange.XsesRules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The stated rules of the festival holidays of Singapore (XSES) and of BSE (XBOM), the generator of the tables
 * {@code XsesRules} and {@code XbomRules} hold for their computed years
 * (docs/decisions/calendars-computed-festivals.md).
 * Test scope: it needs ICU4J, the calendars do not. {@link FestivalRulesTest} checks it against every published
 * year the rules classes hold and checks the stored tables against it.
 *
 * <p>Hindu festivals: the amanta lunisolar month (new moon to new moon) is named by the sidereal (Lahiri) sign the
 * sun is in at the new moon that starts it (sun in Pisces: Chaitra, ..., sun in Virgo: Ashvin, Libra: Kartika,
 * Capricorn: Magha, Aquarius: Phalguna); of two new moons in one sign the first starts the intercalary month, the
 * festival is in the second. Tithi n of the month runs while the moon's longitude leads the sun's by 12(n-1) to
 * 12n degrees (1-15 waxing, 16-30 waning, 30 = Amavasya, 15 = Purnima). A festival is held on the civil day
 * whose reference moment (sunrise, midday, afternoon, sunset or midnight, by festival) falls in its tithi, the
 * first such day if two do, and if none does (a short, kshaya tithi) the day whose moment is nearest to it.
 * Times at Mumbai (18.94 N, 72.84 E, IST) for BSE, at Singapore (1.29 N, 103.85 E) for Deepavali in Singapore.
 */
final class FestivalRules {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    static final ZoneId SGT = ZoneId.of("Asia/Singapore");
    private static final double[] MUMBAI = {18.94, 72.84};
    private static final double[] SINGAPORE = {1.29, 103.85};

    static final int CHAITRA = 0;
    static final int BHADRAPADA = 5;
    static final int ASHVIN = 6;
    static final int KARTIKA = 7;
    static final int MAGHA = 10;
    static final int PHALGUNA = 11;

    /** A festival's date by its rule and how close the deciding moments were (minutes; large = safe). */
    record Festival(LocalDate date, String name, long marginMinutes) {
        @Override
        public String toString() {
            return date + " " + name;
        }
    }

    private FestivalRules() {
    }

    // ---- Singapore ------------------------------------------------------------------------------------------

    /** Hari Raya Puasa, Vesak Day, Hari Raya Haji and Deepavali of {@code year} by the rules (no Sunday rule). */
    static List<Festival> singapore(int year) {
        List<Festival> days = new ArrayList<>();
        for (int hijri : hijriYearsOf(year)) {
            addIfIn(days, year, muisMonthStart(hijri, SHAWWAL), 0, "Hari Raya Puasa");
            addIfIn(days, year, muisMonthStart(hijri, DHU_AL_HIJJAH), 9, "Hari Raya Haji");
        }
        days.add(new Festival(XsesRules.vesakDay(year), "Vesak Day", Long.MAX_VALUE));
        // Deepavali: Naraka Chaturdashi, tithi 29 of Ashvin, prevailing at sunrise in Singapore.
        days.add(tithiDay(year, ASHVIN, 29, SGT, SINGAPORE, Reference.SUNRISE, "Deepavali"));
        days.sort((a, b) -> a.date().compareTo(b.date()));
        return days;
    }

    private static final int MUHARRAM = 0;
    private static final int SHAWWAL = 9;
    private static final int DHU_AL_HIJJAH = 11;

    /**
     * The first day of Hijri month {@code month} (0 = Muharram) of {@code hijriYear} by the MABIMS criteria at
     * Singapore: on the first evening after the conjunction, at sunset, the moon's topocentric altitude at least
     * 3 degrees and its elongation at least 6.4 degrees (from 1443 AH, August 2021; before, altitude 2 degrees and
     * elongation 3 degrees or age 8 hours): the month starts the next day, otherwise a day later (the previous
     * month completing 30 days). The first evening after the conjunction stands for the 29th of the month, the
     * evening the criteria are applied to; the two differ only when the previous month began late.
     */
    static MonthStart muisMonthStart(int hijriYear, int month) {
        LocalDate anchor = ummAlQura(hijriYear, month, 1);
        Instant conjunction = MoonAndSun.newMoonBefore(anchor.atTime(12, 0).atZone(SGT).toInstant());
        LocalDate evening = conjunction.atZone(SGT).toLocalDate();
        if (MoonAndSun.sunset(evening, SGT, SINGAPORE[0], SINGAPORE[1]).isBefore(conjunction)) {
            evening = evening.plusDays(1);
        }
        Instant sunset = MoonAndSun.sunset(evening, SGT, SINGAPORE[0], SINGAPORE[1]);
        double altitude = MoonAndSun.moonAltitude(sunset, SINGAPORE[0], SINGAPORE[1]);
        double elongation = MoonAndSun.elongation(sunset);
        double ageHours = Duration.between(conjunction, sunset).toMinutes() / 60.0;
        boolean visible;
        double margin;
        if (hijriYear >= 1443) {
            visible = altitude >= 3 && elongation >= 6.4;
            margin = visible ? Math.min(altitude - 3, elongation - 6.4) : Math.max(3 - altitude, 6.4 - elongation);
        } else {
            visible = altitude >= 2 && (elongation >= 3 || ageHours >= 8);
            margin = Math.abs(altitude - 2);
        }
        return new MonthStart(evening.plusDays(visible ? 1 : 2), altitude, elongation, margin);
    }

    /** A Hijri month's first day with the moon's altitude and elongation (degrees) at the deciding sunset. */
    record MonthStart(LocalDate firstDay, double altitude, double elongation, double marginDegrees) {
    }

    private static void addIfIn(List<Festival> days, int year, MonthStart start, int plusDays, String name) {
        LocalDate d = start.firstDay().plusDays(plusDays);
        if (d.getYear() == year) {
            // A degree of altitude or elongation is about two hours of the moon's motion.
            days.add(new Festival(d, name, Math.round(start.marginDegrees() * 120)));
        }
    }

    // ---- India (BSE) ----------------------------------------------------------------------------------------

    /** BSE's festival holidays of {@code year} by the rules, weekends included. */
    static List<Festival> india(int year) {
        List<Festival> days = new ArrayList<>();
        days.add(tithiDay(year, MAGHA, 29, IST, MUMBAI, Reference.MIDNIGHT, "Mahashivratri"));
        Festival holika = tithiDay(year, PHALGUNA, 15, IST, MUMBAI, Reference.SUNSET, "Holika Dahan");
        days.add(new Festival(holika.date().plusDays(1), "Holi", holika.marginMinutes()));
        days.add(tithiDay(year, CHAITRA, 9, IST, MUMBAI, Reference.MIDDAY, "Shri Ram Navami"));
        days.add(tithiDay(year, CHAITRA, 13, IST, MUMBAI, Reference.SUNRISE, "Shri Mahavir Jayanti"));
        days.add(tithiDay(year, BHADRAPADA, 4, IST, MUMBAI, Reference.MIDDAY, "Ganesh Chaturthi"));
        days.add(tithiDay(year, ASHVIN, 10, IST, MUMBAI, Reference.AFTERNOON, "Dussehra"));
        days.add(laxmiPujan(year));
        days.add(tithiDay(year, KARTIKA, 1, IST, MUMBAI, Reference.SUNRISE, "Diwali Balipratipada"));
        days.add(tithiDay(year, KARTIKA, 15, IST, MUMBAI, Reference.SUNRISE, "Prakash Gurpurb Sri Guru Nanak Dev"));
        for (int hijri : hijriYearsOf(year)) {
            addIndian(days, year, hijri, SHAWWAL, 1, "Id-Ul-Fitr (Ramzan Id)");
            addIndian(days, year, hijri, DHU_AL_HIJJAH, 10, "Bakri Id");
            addIndian(days, year, hijri, MUHARRAM, 10, "Muharram");
        }
        days.sort((a, b) -> a.date().compareTo(b.date()));
        return days;
    }

    /**
     * Diwali Laxmi Pujan: the Amavasya ending Ashvin. On the day of the new moon (IST) when the Amavasya lasts
     * beyond seven eighths of that day's daylight (three and a half of its four prahars) in Mumbai, otherwise the
     * day before, when the Amavasya holds the whole evening.
     */
    static Festival laxmiPujan(int year) {
        Instant newMoon = monthStart(year, KARTIKA);
        LocalDate day = newMoon.atZone(IST).toLocalDate();
        Instant rise = MoonAndSun.sunrise(day, IST, MUMBAI[0], MUMBAI[1]);
        Instant set = MoonAndSun.sunset(day, IST, MUMBAI[0], MUMBAI[1]);
        Instant threshold = rise.plus(Duration.between(rise, set).multipliedBy(7).dividedBy(8));
        long margin = Math.abs(Duration.between(threshold, newMoon).toMinutes());
        return new Festival(newMoon.isAfter(threshold) ? day : day.minusDays(1), "Diwali Laxmi Pujan", margin);
    }

    private static void addIndian(List<Festival> days, int year, int hijri, int month, int day, String name) {
        LocalDate d = ummAlQura(hijri, month, day).plusDays(1);
        if (d.getYear() == year) {
            days.add(new Festival(d, name, Long.MAX_VALUE));
        }
    }

    // ---- Lunisolar machinery ----------------------------------------------------------------------------------

    enum Reference {
        SUNRISE, MIDDAY, AFTERNOON, SUNSET, MIDNIGHT
    }

    /** The new moon that starts amanta month {@code month} (0 = Chaitra) of the lunisolar year in {@code year}. */
    static Instant monthStart(int year, int month) {
        int sign = (month + 11) % 12;
        Instant found = null;
        Instant nm = MoonAndSun.newMoonAfter(LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant());
        while (nm.atZone(ZoneOffset.UTC).getYear() == year) {
            if ((int) (MoonAndSun.siderealSunLongitude(nm) / 30) == sign) {
                found = nm; // of two in one sign, the second (the first starts the intercalary month)
            }
            nm = MoonAndSun.newMoonAfter(nm.plus(Duration.ofDays(1)));
        }
        if (found == null) {
            throw new IllegalStateException("no new moon with the sun in sign " + sign + " in " + year);
        }
        return found;
    }

    /** Start and end of tithi {@code tithi} (1-30) of the month that starts with {@code newMoon}. */
    static Instant[] tithi(Instant newMoon, int tithi) {
        Instant after = newMoon.plus(Duration.ofHours(1));
        Instant start = tithi == 1 ? newMoon
                : tithi == 16 ? MoonAndSun.fullMoonAfter(newMoon)
                : MoonAndSun.elongationAfter(after, 12.0 * (tithi - 1));
        Instant end = tithi == 15 ? MoonAndSun.fullMoonAfter(newMoon)
                : tithi == 30 ? MoonAndSun.newMoonAfter(newMoon.plus(Duration.ofDays(20)))
                : MoonAndSun.elongationAfter(after, 12.0 * tithi);
        return new Instant[] {start, end};
    }

    static Festival tithiDay(int year, int month, int tithi, ZoneId zone, double[] place, Reference ref,
                             String name) {
        Instant[] span = tithi(monthStart(year, month), tithi);
        Function<LocalDate, Instant> moment = d -> reference(d, zone, place, ref);
        LocalDate first = span[0].atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = span[1].atZone(zone).toLocalDate().plusDays(1);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Instant m = moment.apply(d);
            if (!m.isBefore(span[0]) && m.isBefore(span[1])) {
                long margin = Math.min(Duration.between(span[0], m).toMinutes(),
                        Duration.between(m, span[1]).toMinutes());
                return new Festival(d, name, margin);
            }
        }
        // A tithi that holds no reference moment (kshaya): the day whose moment is nearest to it, the margin
        // negative (minutes outside).
        LocalDate best = null;
        long bestGap = Long.MAX_VALUE;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Instant m = moment.apply(d);
            long gap = m.isBefore(span[0]) ? Duration.between(m, span[0]).toMinutes()
                    : Duration.between(span[1], m).toMinutes();
            if (gap < bestGap) {
                bestGap = gap;
                best = d;
            }
        }
        return new Festival(best, name, -bestGap);
    }

    private static Instant reference(LocalDate d, ZoneId zone, double[] place, Reference ref) {
        Instant rise = MoonAndSun.sunrise(d, zone, place[0], place[1]);
        Instant set = MoonAndSun.sunset(d, zone, place[0], place[1]);
        Duration daylight = Duration.between(rise, set);
        return switch (ref) {
            case SUNRISE -> rise;
            case MIDDAY -> rise.plus(daylight.dividedBy(2));
            // The middle of the fourth fifth of daylight (aparahna).
            case AFTERNOON -> rise.plus(daylight.multipliedBy(7).dividedBy(10));
            case SUNSET -> set;
            // Midway between sunset and the next sunrise (nishita).
            case MIDNIGHT -> set.plus(Duration.between(set,
                    MoonAndSun.sunrise(d.plusDays(1), zone, place[0], place[1])).dividedBy(2));
        };
    }

    // ---- Islamic ---------------------------------------------------------------------------------------------

    /** The Gregorian date of Hijri {@code day}/{@code month}/{@code hijriYear} in the Umm al-Qura calendar (ICU). */
    static LocalDate ummAlQura(int hijriYear, int month, int day) {
        IslamicCalendar c = new IslamicCalendar(TimeZone.getTimeZone("UTC"));
        c.setCalculationType(IslamicCalendar.CalculationType.ISLAMIC_UMALQURA);
        c.clear();
        c.set(hijriYear, month, day, 12, 0);
        return Instant.ofEpochMilli(c.getTimeInMillis()).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The Hijri years with a day in Gregorian {@code year}. */
    private static List<Integer> hijriYearsOf(int year) {
        int approx = (int) Math.round((year - 622) * 33.0 / 32.0);
        List<Integer> years = new ArrayList<>();
        for (int h = approx - 2; h <= approx + 2; h++) {
            LocalDate start = ummAlQura(h, 0, 1);
            LocalDate end = ummAlQura(h + 1, 0, 1).minusDays(1);
            if (!start.isAfter(LocalDate.of(year, 12, 31)) && !end.isBefore(LocalDate.of(year, 1, 1))) {
                years.add(h);
            }
        }
        return years;
    }
}
