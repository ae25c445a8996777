package io.pipeline.calendar;

import io.pipeline.calendar.rules.Holidays;
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
    void covers_1990_to_2030(String code) {
        ExchangeCalendar c = Calendars.get(code);
        assertThat(c.firstSession()).isEqualTo(LocalDate.of(1990, 1, 2));
        assertThat(c.lastSession()).isEqualTo(LocalDate.of(2030, 12, 31));
    }
}
