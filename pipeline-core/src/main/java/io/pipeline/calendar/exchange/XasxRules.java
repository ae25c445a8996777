package io.pipeline.calendar.exchange;

import io.pipeline.calendar.rules.StatedExchangeRules;
import io.pipeline.calendar.rules.TradingHours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.function.BiConsumer;

import static io.pipeline.calendar.rules.Holidays.easterMonday;
import static io.pipeline.calendar.rules.Holidays.goodFriday;
import static io.pipeline.calendar.rules.Holidays.nthWeekday;
import static io.pipeline.calendar.rules.Holidays.sundayToMonday;
import static io.pipeline.calendar.rules.Holidays.weekendToMonday;

/**
 * ASX cash market, Australia/Sydney (so the UTC open moves with Sydney's daylight saving, first Sunday in October to
 * first Sunday in April since 2008). Stated 1990-01-01 to 2030-12-31.
 *
 * <p>Hours 10:00-16:00 (the open as the first auction group opens; exchange_calendars convention). From 2010 the
 * last trading day before Christmas and the last trading day of the year close early at 14:10 (ASX trading calendar);
 * in 2022 both were full days.
 *
 * <p>Closures: national public holidays as the ASX observes them in Sydney: New Year's Day and (from 1994) Australia
 * Day moved from a weekend to Monday; Australia Day on the Monday on or after 26 January 1989-1992 and not at all in
 * 1993; Good Friday, Easter Monday; Anzac Day on its date (moved to Monday only in 2010); the sovereign's birthday
 * (second Monday in June); Christmas and Boxing Day with the next Monday/Tuesday when they fall on a weekend.
 */
public final class XasxRules extends StatedExchangeRules {

    private static final TradingHours HOURS = TradingHours.of(LocalTime.of(10, 0), LocalTime.of(16, 0));
    private static final LocalTime EARLY_CLOSE = LocalTime.of(14, 10);

    public XasxRules() {
        super("XASX", "Australian Securities Exchange", ZoneId.of("Australia/Sydney"),
                LocalDate.of(1990, 1, 1), LocalDate.of(2030, 12, 31));
    }

    @Override
    protected TradingHours regularHours(LocalDate date) {
        return HOURS;
    }

    @Override
    protected void addClosures(int year, BiConsumer<LocalDate, String> out) {
        out.accept(weekendToMonday(LocalDate.of(year, 1, 1)), "New Year's Day");
        LocalDate australiaDay = LocalDate.of(year, 1, 26);
        if (year >= 1994) {
            out.accept(weekendToMonday(australiaDay), "Australia Day");
        } else if (year <= 1992) {
            out.accept(australiaDay.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)), "Australia Day");
        }
        out.accept(goodFriday(year), "Good Friday");
        out.accept(easterMonday(year), "Easter Monday");
        LocalDate anzac = LocalDate.of(year, 4, 25);
        out.accept(year == 2010 ? sundayToMonday(anzac) : anzac, "Anzac Day");
        out.accept(nthWeekday(year, Month.JUNE, DayOfWeek.MONDAY, 2), year < 2023 ? "Queen's Birthday" : "King's Birthday");
        out.accept(LocalDate.of(year, 12, 25), "Christmas Day");
        out.accept(LocalDate.of(year, 12, 26), "Boxing Day");
        addIfMondayOrTuesday(LocalDate.of(year, 12, 27), "Christmas Day (weekend)", out);
        addIfMondayOrTuesday(LocalDate.of(year, 12, 28), "Boxing Day (weekend)", out);
        switch (year) {
            // New Year's Eve 1990: ASX closed (exchange holiday on the Monday before New Year's Day).
            case 1990 -> out.accept(LocalDate.of(1990, 12, 31), "New Year's Eve");
            // Millennium (Y2K) closure.
            case 1999 -> out.accept(LocalDate.of(1999, 12, 31), "Y2K closure");
            // Easter Monday and Anzac Day coincided; Tuesday was the extra public holiday.
            case 2011 -> out.accept(LocalDate.of(2011, 4, 26), "Easter Tuesday");
            // National Day of Mourning for Queen Elizabeth II (Prime Minister's announcement, 2022-09-11).
            case 2022 -> out.accept(LocalDate.of(2022, 9, 22), "National Day of Mourning");
            default -> {
            }
        }
    }

    @Override
    protected void addEarlyCloses(int year, BiConsumer<LocalDate, LocalTime> out) {
        if (year < 2010 || year == 2022) {
            // ASX trading calendar 2022: 23 and 30 December were normal trading days.
            return;
        }
        out.accept(weekendToFriday(LocalDate.of(year, 12, 24)), EARLY_CLOSE);
        out.accept(weekendToFriday(LocalDate.of(year, 12, 31)), EARLY_CLOSE);
    }

    /** Saturday or Sunday back to the Friday before. */
    private static LocalDate weekendToFriday(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.minusDays(1);
            case SUNDAY -> date.minusDays(2);
            default -> date;
        };
    }

    private static void addIfMondayOrTuesday(LocalDate date, String name, BiConsumer<LocalDate, String> out) {
        DayOfWeek dow = date.getDayOfWeek();
        if (dow == DayOfWeek.MONDAY || dow == DayOfWeek.TUESDAY) {
            out.accept(date, name);
        }
    }
}
