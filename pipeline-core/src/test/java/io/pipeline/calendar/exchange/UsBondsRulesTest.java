package io.pipeline.calendar.exchange;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;

import static io.pipeline.calendar.exchange.LocalTimes.date;
import static io.pipeline.calendar.exchange.LocalTimes.localClose;
import static io.pipeline.calendar.exchange.LocalTimes.localOpen;
import static org.assertj.core.api.Assertions.assertThat;

class UsBondsRulesTest {

    private final ExchangeCalendar bonds = Calendars.get("US_BONDS");

    @Test
    void trades_07_00_to_17_30_new_york_and_closes_early_at_14_00() {
        assertThat(localOpen(bonds, "2024-03-11")).isEqualTo(LocalTime.of(7, 0));
        assertThat(localClose(bonds, "2024-03-11")).isEqualTo(LocalTime.of(17, 30));
        assertThat(bonds.sessionClose(date("2022-11-25"))).isEqualTo(Instant.parse("2022-11-25T19:00:00Z"));
    }

    @Test
    void early_closes_fall_on_the_business_day_before_the_observed_holiday() {
        assertThat(bonds.earlyCloses(date("2022-01-01"), date("2022-12-31"))).containsExactly(
                date("2022-04-14"), date("2022-05-27"), date("2022-07-01"), date("2022-11-25"),
                date("2022-12-23"), date("2022-12-30"));
        assertThat(bonds.earlyCloses(date("2020-07-01"), date("2020-07-31"))).containsExactly(date("2020-07-02"));
        assertThat(bonds.isSession(date("2020-07-03"))).isFalse();
    }

    @Test
    void a_saturday_christmas_closes_friday_and_thursday_closes_early() {
        assertThat(bonds.isSession(date("2021-12-24"))).isFalse();
        assertThat(localClose(bonds, "2021-12-23")).isEqualTo(LocalTime.of(14, 0));
    }

    @Test
    void new_years_eve_closes_early_even_when_a_saturday_new_years_day_is_not_observed() {
        assertThat(localClose(bonds, "2021-12-31")).isEqualTo(LocalTime.of(14, 0));
        assertThat(bonds.isSession(date("2022-01-03"))).isTrue();
        assertThat(bonds.isSession(date("2023-01-02"))).isFalse();
    }

    @Test
    void good_friday_closes_fully_unless_the_employment_report_is_out_that_morning() {
        assertThat(bonds.isSession(date("2022-04-15"))).isFalse();
        assertThat(localClose(bonds, "2021-04-02")).isEqualTo(LocalTime.NOON);
        assertThat(localClose(bonds, "2021-04-01")).isEqualTo(LocalTime.of(17, 30));
        assertThat(localClose(bonds, "2015-04-03")).isEqualTo(LocalTime.NOON);
        assertThat(localClose(bonds, "2026-04-03")).isEqualTo(LocalTime.NOON);
    }

    @Test
    void columbus_day_and_veterans_day_are_holidays_unlike_on_the_stock_exchange() {
        assertThat(bonds.holidays(date("2024-10-14"), date("2024-11-11")))
                .containsEntry(date("2024-10-14"), "Columbus Day").containsEntry(date("2024-11-11"), "Veterans Day");
        assertThat(bonds.isSession(date("2018-11-12"))).isFalse();
        assertThat(bonds.isSession(date("2023-11-10"))).isTrue();
        assertThat(Calendars.get("XNYS").isSession(date("2024-10-14"))).isTrue();
    }

    @Test
    void ad_hoc_closures_follow_the_industry_recommendations() {
        assertThat(bonds.sessionsInRange(date("2001-09-10"), date("2001-09-13")))
                .containsExactly(date("2001-09-10"), date("2001-09-13"));
        assertThat(localClose(bonds, "2012-10-29")).isEqualTo(LocalTime.NOON);
        assertThat(bonds.isSession(date("2012-10-30"))).isFalse();
        assertThat(bonds.isSession(date("2018-12-05"))).isFalse();
        assertThat(localClose(bonds, "2025-01-09")).isEqualTo(LocalTime.of(14, 0));
    }

    @Test
    void martin_luther_king_day_is_a_holiday_throughout() {
        assertThat(bonds.isSession(date("1990-01-15"))).isFalse();
    }
}
