package io.pipeline.calendar;

import io.pipeline.calendar.rules.Holidays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties every supported calendar keeps over its whole range. */
class AllCalendarsTest {

    static List<String> codes() {
        return Calendars.codes();
    }

    @ParameterizedTest
    @MethodSource("codes")
    void every_weekday_is_either_a_session_or_a_named_holiday_and_weekends_are_neither(String code) {
        ExchangeCalendar c = Calendars.get(code);
        NavigableMap<LocalDate, String> holidays = c.holidays(c.firstSession(), c.lastSession());
        for (LocalDate d = c.firstSession(); !d.isAfter(c.lastSession()); d = d.plusDays(1)) {
            boolean weekend = Holidays.isWeekend(d);
            assertThat(c.isSession(d) || holidays.containsKey(d) || weekend).as("%s %s", code, d).isTrue();
            assertThat(c.isSession(d) && (holidays.containsKey(d) || weekend)).as("%s %s", code, d).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("codes")
    void navigation_agrees_with_the_list_of_sessions(String code) {
        ExchangeCalendar c = Calendars.get(code);
        List<LocalDate> sessions = c.sessionsInRange(c.firstSession(), c.lastSession());
        for (int i = 1; i < sessions.size(); i++) {
            LocalDate previous = sessions.get(i - 1);
            LocalDate current = sessions.get(i);
            assertThat(c.nextSession(previous)).isEqualTo(current);
            assertThat(c.previousSession(current)).isEqualTo(previous);
            assertThat(c.sessionOffset(previous, 1)).isEqualTo(current);
            assertThat(c.minuteToSession(c.sessionClose(previous), ExchangeCalendar.Direction.NEXT)).isEqualTo(current);
            assertThat(c.nextOpen(c.sessionClose(previous).minusSeconds(1))).isEqualTo(c.sessionOpen(current));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CMES", "US_BONDS", "XLON", "XNAS", "XNYS", "XTSE"})
    void covers_1990_to_2036(String code) {
        ExchangeCalendar c = Calendars.get(code);
        assertThat(c.firstSession()).isEqualTo(LocalDate.of(1990, 1, 2));
        assertThat(c.lastSession()).isEqualTo(LocalDate.of(2036, 12, 31));
    }

    /** Issue 18: every calendar answers through at least 2036. */
    @Test
    void every_calendar_answers_through_2036_and_has_sessions_every_month_there() {
        for (ExchangeCalendar c : Calendars.all()) {
            assertThat(c.lastSession()).as(c.code()).isAfterOrEqualTo(LocalDate.of(2036, 12, 30));
            for (int month = 1; month <= 12; month++) {
                LocalDate from = LocalDate.of(2036, month, 1);
                LocalDate to = from.plusMonths(1).minusDays(1);
                to = to.isAfter(c.lastSession()) ? c.lastSession() : to;
                assertThat(c.sessionsInRange(from, to)).as(c.code() + " " + from)
                        .hasSizeBetween(15, 23);
            }
        }
    }

    @Test
    void calendars_whose_holidays_await_announcements_say_from_when_they_are_computed() {
        assertThat(Calendars.get("XHKG").computedFrom()).isEqualTo(LocalDate.of(2031, 1, 1));
        assertThat(Calendars.get("XTKS").computedFrom()).isEqualTo(LocalDate.of(2028, 1, 1));
        assertThat(Calendars.get("XNYS").computedFrom()).isNull();
        // Computed Lunar New Year 2031 (Thursday 23 January): the day and the two after are closed.
        ExchangeCalendar xhkg = Calendars.get("XHKG");
        assertThat(xhkg.holidays(LocalDate.of(2031, 1, 20), LocalDate.of(2031, 1, 31)))
                .containsOnlyKeys(LocalDate.of(2031, 1, 23), LocalDate.of(2031, 1, 24));
        assertThat(xhkg.earlyCloses(LocalDate.of(2031, 1, 20), LocalDate.of(2031, 1, 31)))
                .containsExactly(LocalDate.of(2031, 1, 22));
    }
}
