package io.pipeline.calendar.exchange;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;

import static io.pipeline.calendar.exchange.LocalTimes.date;
import static io.pipeline.calendar.exchange.LocalTimes.local;
import static io.pipeline.calendar.exchange.LocalTimes.localClose;
import static org.assertj.core.api.Assertions.assertThat;

class CmesRulesTest {

    private final ExchangeCalendar cmes = Calendars.get("CMES");

    @Test
    void a_session_opens_at_17_00_chicago_on_the_evening_before_its_date() {
        assertThat(cmes.sessionOpen(date("2024-03-07"))).isEqualTo(local(cmes, "2024-03-06T17:00"));
        assertThat(cmes.sessionClose(date("2024-03-07"))).isEqualTo(local(cmes, "2024-03-07T17:00"));
        assertThat(cmes.tradingMinutes(date("2024-03-07"))).isEqualTo(24 * 60);
    }

    @Test
    void the_monday_session_opens_on_sunday_evening_across_the_spring_dst_change() {
        assertThat(cmes.sessionOpen(date("2024-03-11"))).isEqualTo(Instant.parse("2024-03-10T22:00:00Z"));
        assertThat(cmes.sessionClose(date("2024-03-08"))).isEqualTo(Instant.parse("2024-03-08T23:00:00Z"));
        assertThat(cmes.isOpenAt(local(cmes, "2024-03-10T16:59"))).isFalse();
        assertThat(cmes.isOpenAt(local(cmes, "2024-03-10T17:00"))).isTrue();
        assertThat(cmes.minuteToSession(local(cmes, "2024-03-10T18:00"), ExchangeCalendar.Direction.NONE))
                .isEqualTo(date("2024-03-11"));
    }

    @Test
    void the_autumn_dst_change_moves_the_sunday_open_an_hour_later_in_utc() {
        assertThat(cmes.sessionClose(date("2024-11-01"))).isEqualTo(Instant.parse("2024-11-01T22:00:00Z"));
        assertThat(cmes.sessionOpen(date("2024-11-04"))).isEqualTo(Instant.parse("2024-11-03T23:00:00Z"));
        assertThat(cmes.tradingMinutes(date("2024-11-04"))).isEqualTo(24 * 60);
    }

    @Test
    void consecutive_sessions_meet_at_17_00_and_the_instant_belongs_to_the_next_session() {
        Instant tuesdayFive = local(cmes, "2024-03-12T17:00");
        assertThat(cmes.sessionClose(date("2024-03-12"))).isEqualTo(tuesdayFive);
        assertThat(cmes.sessionOpen(date("2024-03-13"))).isEqualTo(tuesdayFive);
        assertThat(cmes.isOpenAt(tuesdayFive)).isTrue();
        assertThat(cmes.minuteToSession(tuesdayFive, ExchangeCalendar.Direction.NONE)).isEqualTo(date("2024-03-13"));
    }

    @Test
    void holidays_close_fully_and_the_next_session_opens_on_the_holiday_evening() {
        assertThat(cmes.holidays(date("2024-01-01"), date("2024-12-31")).keySet())
                .containsExactly(date("2024-01-01"), date("2024-03-29"), date("2024-12-25"));
        assertThat(cmes.sessionOpen(date("2024-12-26"))).isEqualTo(local(cmes, "2024-12-25T17:00"));
    }

    @Test
    void the_carter_day_of_mourning_closed_interest_rates_at_12_15_and_bush_s_closed_them_all_day() {
        assertThat(cmes.isSession(date("2025-01-09"))).isTrue();
        assertThat(localClose(cmes, "2025-01-09")).isEqualTo(LocalTime.of(12, 15));
        assertThat(cmes.isSession(date("2018-12-05"))).isFalse();
    }

    @Test
    void juneteenth_closes_at_noon_from_2022() {
        assertThat(localClose(cmes, "2021-06-18")).isEqualTo(LocalTime.of(17, 0));
        assertThat(localClose(cmes, "2022-06-20")).isEqualTo(LocalTime.NOON);
        assertThat(localClose(cmes, "2023-06-19")).isEqualTo(LocalTime.NOON);
        assertThat(localClose(cmes, "2025-06-19")).isEqualTo(LocalTime.NOON);
    }

    @Test
    void us_holidays_and_the_days_around_thanksgiving_and_christmas_close_at_noon() {
        assertThat(cmes.earlyCloses(date("2024-01-01"), date("2024-12-31"))).containsExactly(
                date("2024-01-15"), date("2024-02-19"), date("2024-05-27"), date("2024-06-19"), date("2024-07-04"),
                date("2024-09-02"), date("2024-11-28"), date("2024-11-29"), date("2024-12-24"));
        assertThat(localClose(cmes, "2024-11-28")).isEqualTo(LocalTime.NOON);
        assertThat(cmes.sessionOpen(date("2024-11-29"))).isEqualTo(local(cmes, "2024-11-28T17:00"));
        assertThat(cmes.isOpenAt(local(cmes, "2024-11-28T14:00"))).isFalse();
        assertThat(cmes.nextOpen(local(cmes, "2024-11-28T12:00"))).isEqualTo(local(cmes, "2024-11-28T17:00"));
    }

    @Test
    void martin_luther_king_day_closes_early_only_from_1998() {
        assertThat(localClose(cmes, "1997-01-20")).isEqualTo(LocalTime.of(17, 0));
        assertThat(localClose(cmes, "1998-01-19")).isEqualTo(LocalTime.NOON);
    }
}
