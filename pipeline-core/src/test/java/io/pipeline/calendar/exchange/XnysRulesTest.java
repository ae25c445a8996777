package io.pipeline.calendar.exchange;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;

import static io.pipeline.calendar.exchange.LocalTimes.date;
import static io.pipeline.calendar.exchange.LocalTimes.local;
import static io.pipeline.calendar.exchange.LocalTimes.localClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XnysRulesTest {

    private final ExchangeCalendar xnys = Calendars.get("XNYS");

    @Test
    void closed_from_september_11_to_14_2001_and_reopened_on_the_17th() {
        assertThat(xnys.sessionsInRange(date("2001-09-10"), date("2001-09-17")))
                .containsExactly(date("2001-09-10"), date("2001-09-17"));
        assertThat(xnys.holidays(date("2001-09-11"), date("2001-09-14"))).hasSize(4)
                .containsValue("September 11 attacks");
    }

    @Test
    void closed_two_days_for_hurricane_sandy() {
        assertThat(xnys.isSession(date("2012-10-29"))).isFalse();
        assertThat(xnys.isSession(date("2012-10-30"))).isFalse();
        assertThat(xnys.nextSession(date("2012-10-26"))).isEqualTo(date("2012-10-31"));
        assertThat(xnys.holidays(date("2012-10-29"), date("2012-10-29"))).containsValue("Hurricane Sandy");
    }

    @Test
    void juneteenth_is_observed_from_2022_on_the_nearest_weekday() {
        assertThat(xnys.isSession(date("2022-06-20"))).isFalse();
        assertThat(xnys.holidays(date("2022-06-20"), date("2022-06-20")))
                .containsValue("Juneteenth National Independence Day");
        assertThat(xnys.isSession(date("2021-06-18"))).isTrue();
        assertThat(xnys.isSession(date("2027-06-18"))).isFalse();
    }

    @Test
    void a_saturday_new_years_day_is_not_observed_so_the_friday_before_is_a_full_session() {
        assertThat(xnys.isSession(date("2021-12-31"))).isTrue();
        assertThat(localClose(xnys, "2021-12-31")).isEqualTo(LocalTime.of(16, 0));
        assertThat(xnys.isSession(date("2023-01-02"))).isFalse();
    }

    @Test
    void early_closes_are_at_13_00_from_1993_and_at_14_00_before() {
        assertThat(xnys.earlyCloses(date("2019-01-01"), date("2019-12-31")))
                .containsExactly(date("2019-07-03"), date("2019-11-29"), date("2019-12-24"));
        assertThat(localClose(xnys, "2019-11-29")).isEqualTo(LocalTime.of(13, 0));
        assertThat(localClose(xnys, "1992-11-27")).isEqualTo(LocalTime.of(14, 0));
        assertThat(localClose(xnys, "1990-12-24")).isEqualTo(LocalTime.of(14, 0));
        assertThat(xnys.tradingMinutes(date("2019-12-24"))).isEqualTo(210);
    }

    @Test
    void the_day_before_independence_day_closes_early_only_on_the_stated_weekdays() {
        assertThat(localClose(xnys, "2025-07-03")).isEqualTo(LocalTime.of(13, 0));
        assertThat(localClose(xnys, "2013-07-03")).isEqualTo(LocalTime.of(13, 0));
        assertThat(localClose(xnys, "2013-07-05")).isEqualTo(LocalTime.of(16, 0));
        assertThat(localClose(xnys, "2002-07-05")).isEqualTo(LocalTime.of(13, 0));
        assertThat(xnys.isSession(date("2026-07-03"))).isFalse();
        assertThat(localClose(xnys, "2026-07-02")).isEqualTo(LocalTime.of(16, 0));
    }

    @Test
    void closed_for_national_days_of_mourning() {
        assertThat(xnys.holidays(date("1994-04-27"), date("1994-04-27"))).containsValue("Day of mourning: President Nixon");
        assertThat(xnys.isSession(date("2004-06-11"))).isFalse();
        assertThat(xnys.isSession(date("2007-01-02"))).isFalse();
        assertThat(xnys.isSession(date("2018-12-05"))).isFalse();
        assertThat(xnys.isSession(date("2025-01-09"))).isFalse();
    }

    @Test
    void holidays_carry_their_names() {
        assertThat(xnys.holidays(date("2024-01-01"), date("2024-12-31"))).containsExactly(
                entry("2024-01-01", "New Year's Day"), entry("2024-01-15", "Martin Luther King Jr. Day"),
                entry("2024-02-19", "Washington's Birthday"), entry("2024-03-29", "Good Friday"),
                entry("2024-05-27", "Memorial Day"), entry("2024-06-19", "Juneteenth National Independence Day"),
                entry("2024-07-04", "Independence Day"), entry("2024-09-02", "Labor Day"),
                entry("2024-11-28", "Thanksgiving Day"), entry("2024-12-25", "Christmas Day"));
    }

    @Test
    void open_and_close_follow_new_york_daylight_saving_time() {
        assertThat(xnys.sessionOpen(date("2024-03-08"))).isEqualTo(Instant.parse("2024-03-08T14:30:00Z"));
        assertThat(xnys.sessionOpen(date("2024-03-11"))).isEqualTo(Instant.parse("2024-03-11T13:30:00Z"));
        assertThat(xnys.sessionClose(date("2024-11-01"))).isEqualTo(Instant.parse("2024-11-01T20:00:00Z"));
        assertThat(xnys.sessionClose(date("2024-11-04"))).isEqualTo(Instant.parse("2024-11-04T21:00:00Z"));
    }

    @Test
    void is_open_from_the_open_up_to_but_not_at_the_close_on_a_dst_day() {
        assertThat(xnys.isOpenAt(local(xnys, "2024-03-11T09:29:59"))).isFalse();
        assertThat(xnys.isOpenAt(local(xnys, "2024-03-11T09:30"))).isTrue();
        assertThat(xnys.isOpenAt(local(xnys, "2024-03-11T15:59:59"))).isTrue();
        assertThat(xnys.isOpenAt(local(xnys, "2024-03-11T16:00"))).isFalse();
        assertThat(xnys.isOpenAt(local(xnys, "2024-11-29T13:00"))).isFalse();
    }

    @Test
    void next_open_and_close_skip_the_weekend_and_honour_early_closes() {
        assertThat(xnys.nextOpen(local(xnys, "2024-03-08T16:00"))).isEqualTo(local(xnys, "2024-03-11T09:30"));
        assertThat(xnys.nextClose(local(xnys, "2024-11-29T09:30"))).isEqualTo(local(xnys, "2024-11-29T13:00"));
        assertThat(xnys.nextClose(local(xnys, "2024-11-28T12:00"))).isEqualTo(local(xnys, "2024-11-29T13:00"));
    }

    @Test
    void minute_to_session_maps_a_weekend_instant_by_direction() {
        Instant saturday = local(xnys, "2024-03-09T12:00");
        assertThat(xnys.minuteToSession(saturday, ExchangeCalendar.Direction.NEXT)).isEqualTo(date("2024-03-11"));
        assertThat(xnys.minuteToSession(saturday, ExchangeCalendar.Direction.PREVIOUS)).isEqualTo(date("2024-03-08"));
        assertThat(xnys.minuteToSession(local(xnys, "2024-03-11T10:00"), ExchangeCalendar.Direction.NONE))
                .isEqualTo(date("2024-03-11"));
    }

    @Test
    void dates_and_instants_outside_1990_to_2036_fail_naming_the_calendar_and_its_bounds() {
        String bounds = "calendar XNYS covers sessions 1990-01-02 to 2036-12-31";
        assertThatThrownBy(() -> xnys.isSession(date("1989-12-29")))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageStartingWith(bounds);
        assertThatThrownBy(() -> xnys.sessionsInRange(date("2036-12-01"), date("2037-01-31")))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageContaining("2037-01-31");
        assertThatThrownBy(() -> xnys.isOpenAt(Instant.parse("2037-01-02T15:00:00Z")))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageStartingWith(bounds);
        assertThatThrownBy(() -> xnys.nextSession(date("2036-12-31")))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageStartingWith(bounds);
    }

    private static java.util.Map.Entry<java.time.LocalDate, String> entry(String date, String name) {
        return java.util.Map.entry(date(date), name);
    }
}
