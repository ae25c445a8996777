package io.pipeline.calendar.exchange;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;

import static io.pipeline.calendar.exchange.LocalTimes.date;
import static io.pipeline.calendar.exchange.LocalTimes.localClose;
import static org.assertj.core.api.Assertions.assertThat;

class XtseRulesTest {

    private final ExchangeCalendar xtse = Calendars.get("XTSE");

    @Test
    void family_day_is_a_holiday_from_2008() {
        assertThat(xtse.isSession(date("2007-02-19"))).isTrue();
        assertThat(xtse.holidays(date("2008-02-18"), date("2008-02-18"))).containsValue("Family Day");
        assertThat(xtse.isSession(date("2024-02-19"))).isFalse();
    }

    @Test
    void the_civic_holiday_and_victoria_day_are_holidays() {
        assertThat(xtse.holidays(date("2024-08-05"), date("2024-08-05"))).containsValue("Civic Holiday");
        assertThat(xtse.isSession(date("2021-05-24"))).isFalse();
        assertThat(xtse.isSession(date("2022-05-23"))).isFalse();
        assertThat(xtse.isSession(date("2022-05-24"))).isTrue();
    }

    @Test
    void christmas_and_boxing_day_on_a_weekend_are_observed_on_the_following_weekdays() {
        assertThat(xtse.sessionsInRange(date("2021-12-24"), date("2021-12-29")))
                .containsExactly(date("2021-12-24"), date("2021-12-29"));
        assertThat(xtse.sessionsInRange(date("2016-12-23"), date("2016-12-28")))
                .containsExactly(date("2016-12-23"), date("2016-12-28"));
        assertThat(xtse.isSession(date("2020-12-28"))).isFalse();
        assertThat(xtse.isSession(date("2020-12-29"))).isTrue();
    }

    @Test
    void canada_day_and_new_years_day_on_a_weekend_move_to_monday() {
        assertThat(xtse.isSession(date("2023-07-03"))).isFalse();
        assertThat(xtse.isSession(date("2018-07-02"))).isFalse();
        assertThat(xtse.isSession(date("2022-01-03"))).isFalse();
    }

    @Test
    void christmas_eve_closes_at_13_00_from_2010() {
        assertThat(localClose(xtse, "2009-12-24")).isEqualTo(LocalTime.of(16, 0));
        assertThat(localClose(xtse, "2010-12-24")).isEqualTo(LocalTime.of(13, 0));
        assertThat(xtse.earlyCloses(date("2024-01-01"), date("2024-12-31"))).containsExactly(date("2024-12-24"));
    }

    @Test
    void closed_on_11_and_12_september_2001() {
        assertThat(xtse.sessionsInRange(date("2001-09-10"), date("2001-09-13")))
                .containsExactly(date("2001-09-10"), date("2001-09-13"));
    }

    @Test
    void opens_at_09_30_toronto_time_across_dst() {
        assertThat(xtse.sessionOpen(date("2024-03-08"))).isEqualTo(Instant.parse("2024-03-08T14:30:00Z"));
        assertThat(xtse.sessionOpen(date("2024-03-11"))).isEqualTo(Instant.parse("2024-03-11T13:30:00Z"));
    }
}
