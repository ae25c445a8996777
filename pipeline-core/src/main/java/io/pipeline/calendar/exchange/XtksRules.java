package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.CalendarPlan;
import io.pipeline.calendar.rules.HoursHistory;
import io.pipeline.calendar.rules.RuleBasedExchange;
import io.pipeline.calendar.rules.SolarTerms;
import io.pipeline.calendar.rules.TradingHours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;

import static io.pipeline.calendar.rules.Holidays.nthWeekday;
import static io.pipeline.calendar.rules.Holidays.sundayToMonday;

/**
 * Tokyo Stock Exchange (JPX cash equities), Asia/Tokyo.
 *
 * <p>Stated from 1997-01-01: exchange_calendars' bound for XTKS ("not tracking holiday info farther back than
 * 1997"), and the first year for which the equinox and Golden Week rules below are checked against JPX's calendars.
 *
 * <p>Hours: 09:00-11:30, lunch break 11:30-12:30, 12:30-15:00; the close moved to 15:30 on 2024-11-05 (JPX,
 * "Extension of trading hours of the cash equity market", arrowhead renewal). The break is written as 11:30-12:30
 * for every year, the exchange_calendars convention (the morning session ran to 11:00 before 2011-11-21).
 *
 * <p>Closures (Act on National Holidays, with the exchange's own Dec 31 - Jan 3 year-end break): a holiday on a
 * Sunday moves to the Monday; in Golden Week a Sunday holiday moves past the other holidays (May 3 to May 6; from
 * 2007 May 4 to May 6). Happy Monday law: Coming of Age and Health-Sports Day on Mondays from 2000, Marine Day and
 * Respect for the Aged Day from 2003. Equinoxes from {@link SolarTerms}. A weekday between Respect for the Aged Day
 * and the Autumnal Equinox is a citizens' holiday (Silver Week: 2009, 2015, 2026).
 */
public final class XtksRules extends RuleBasedExchange {

    private static final LocalTime NINE = LocalTime.of(9, 0);
    private static final LocalTime BREAK_START = LocalTime.of(11, 30);
    private static final LocalTime BREAK_END = LocalTime.of(12, 30);

    private static final HoursHistory HOURS = HoursHistory
            .always(TradingHours.withBreak(NINE, BREAK_START, BREAK_END, LocalTime.of(15, 0)))
            // JPX: cash equity close extended by 30 minutes from 2024-11-05 (new closing auction).
            .from(LocalDate.of(2024, 11, 5), TradingHours.withBreak(NINE, BREAK_START, BREAK_END, LocalTime.of(15, 30)));

    public XtksRules() {
        super("XTKS", "Tokyo Stock Exchange", ZoneId.of("Asia/Tokyo"),
                LocalDate.of(1997, 1, 1), LocalDate.of(2036, 12, 31), HOURS);
    }

    /**
     * The equinox holidays are fixed by the National Astronomical Observatory of Japan's announcement each February
     * for the following year (Koyomi Yoko); the 2027 dates were announced in February 2026, later ones are the
     * {@link SolarTerms} formula's.
     */
    @Override
    public LocalDate computedFrom() {
        return LocalDate.of(2028, 1, 1);
    }

    @Override
    protected void plan(int year, CalendarPlan plan) {
        plan.closed(LocalDate.of(year, 1, 1), "New Year's Day");
        plan.closed(LocalDate.of(year, 1, 2), "New Year's Holiday");
        plan.closed(LocalDate.of(year, 1, 3), "New Year's Holiday");
        plan.closed(year < 2000 ? sundayToMonday(LocalDate.of(year, 1, 15)) : monday(year, Month.JANUARY, 2),
                "Coming of Age Day");
        plan.closed(sundayToMonday(LocalDate.of(year, 2, 11)), "National Foundation Day");
        if (year >= 2020) {
            plan.closed(sundayToMonday(LocalDate.of(year, 2, 23)), "Emperor's Birthday");
        }
        plan.closed(sundayToMonday(SolarTerms.vernalEquinoxJapan(year)), "Vernal Equinox Day");
        addGoldenWeek(year, plan);
        addSummer(year, plan);
        addAutumn(year, plan);
        plan.closed(sundayToMonday(LocalDate.of(year, 11, 3)), "Culture Day");
        plan.closed(sundayToMonday(LocalDate.of(year, 11, 23)), "Labour Thanksgiving Day");
        if (year <= 2018) {
            // Emperor Akihito's birthday; not a holiday in 2019, the year of his abdication.
            plan.closed(sundayToMonday(LocalDate.of(year, 12, 23)), "Emperor's Birthday");
        }
        plan.closed(LocalDate.of(year, 12, 31), "New Year's Eve Holiday");
    }

    private static void addGoldenWeek(int year, CalendarPlan plan) {
        plan.closed(sundayToMonday(LocalDate.of(year, 4, 29)), year < 2007 ? "Greenery Day" : "Showa Day");
        LocalDate may3 = LocalDate.of(year, 5, 3);
        plan.closed(isSunday(may3) ? may3.plusDays(3) : may3, "Constitution Memorial Day");
        LocalDate may4 = LocalDate.of(year, 5, 4);
        if (year >= 2007) {
            plan.closed(isSunday(may4) ? may4.plusDays(2) : may4, "Greenery Day");
        } else {
            // Until 2006 the day between two holidays was an unnamed citizens' holiday.
            plan.closed(sundayToMonday(may4), "Citizens' Holiday");
        }
        plan.closed(sundayToMonday(LocalDate.of(year, 5, 5)), "Children's Day");
    }

    private static void addSummer(int year, CalendarPlan plan) {
        LocalDate marine = switch (year) {
            // Moved for the Tokyo Olympics (Act on Special Measures for the 2020 Games, as amended in 2020).
            case 2020 -> LocalDate.of(2020, 7, 23);
            case 2021 -> LocalDate.of(2021, 7, 22);
            default -> year < 2003 ? sundayToMonday(LocalDate.of(year, 7, 20)) : monday(year, Month.JULY, 3);
        };
        plan.closed(marine, "Marine Day");
        if (year == 2020 || year == 2021) {
            plan.closed(year == 2020 ? LocalDate.of(2020, 7, 24) : LocalDate.of(2021, 7, 23), "Sports Day");
        }
        if (year >= 2016) {
            LocalDate mountain = switch (year) {
                case 2020 -> LocalDate.of(2020, 8, 10);
                case 2021 -> LocalDate.of(2021, 8, 9);
                default -> sundayToMonday(LocalDate.of(year, 8, 11));
            };
            plan.closed(mountain, "Mountain Day");
        }
    }

    private static void addAutumn(int year, CalendarPlan plan) {
        LocalDate aged = year < 2003 ? sundayToMonday(LocalDate.of(year, 9, 15)) : monday(year, Month.SEPTEMBER, 3);
        plan.closed(aged, "Respect for the Aged Day");
        LocalDate equinox = SolarTerms.autumnalEquinoxJapan(year);
        plan.closed(sundayToMonday(equinox), "Autumnal Equinox Day");
        if (year >= 2003 && aged.plusDays(2).equals(equinox)) {
            plan.closed(aged.plusDays(1), "Citizens' Holiday");
        }
        if (year < 2000) {
            plan.closed(sundayToMonday(LocalDate.of(year, 10, 10)), "Health and Sports Day");
        } else if (year != 2020 && year != 2021) {
            plan.closed(monday(year, Month.OCTOBER, 2), year < 2020 ? "Health and Sports Day" : "Sports Day");
        }
    }

    @Override
    protected void adHoc(CalendarPlan plan) {
        // Act on the Imperial abdication (2017) and the one-off 2019 holidays act.
        plan.closed(LocalDate.of(2019, 4, 30), "Abdication Day");
        plan.closed(LocalDate.of(2019, 5, 1), "Accession Day");
        plan.closed(LocalDate.of(2019, 5, 2), "Citizens' Holiday");
        plan.closed(LocalDate.of(2019, 10, 22), "Enthronement Ceremony");
        // JPX news release 2020-10-19: trading halted all day after the arrowhead equipment failure.
        plan.closed(LocalDate.of(2020, 10, 1), "Equity trading system failure");
    }

    private static LocalDate monday(int year, Month month, int n) {
        return nthWeekday(year, month, DayOfWeek.MONDAY, n);
    }

    private static boolean isSunday(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
