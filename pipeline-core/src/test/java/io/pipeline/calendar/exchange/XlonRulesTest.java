package io.pipeline.calendar.exchange;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;

import static io.pipeline.calendar.exchange.LocalTimes.date;
import static io.pipeline.calendar.exchange.LocalTimes.localClose;
import static org.assertj.core.api.Assertions.assertThat;

class XlonRulesTest {

    private final ExchangeCalendar xlon = Calendars.get("XLON");

    @Test
    void closed_on_31_december_1999_for_the_millennium_with_no_half_day() {
        assertThat(xlon.isSession(date("1999-12-31"))).isFalse();
        assertThat(xlon.holidays(date("1999-12-31"), date("1999-12-31"))).containsValue("Millennium celebrations");
        assertThat(localClose(xlon, "1998-12-31")).isEqualTo(LocalTime.of(12, 30));
        assertThat(localClose(xlon, "1999-12-24")).isEqualTo(LocalTime.of(12, 30));
    }

    @Test
    void the_platinum_jubilee_moved_the_spring_bank_holiday_to_2_june_2022() {
        assertThat(xlon.isSession(date("2022-05-30"))).isTrue();
        assertThat(xlon.isSession(date("2022-06-02"))).isFalse();
        assertThat(xlon.isSession(date("2022-06-03"))).isFalse();
        assertThat(xlon.holidays(date("2022-06-03"), date("2022-06-03"))).containsValue("Platinum Jubilee");
    }

    @Test
    void closed_for_the_queens_funeral_and_the_coronation() {
        assertThat(xlon.isSession(date("2022-09-19"))).isFalse();
        assertThat(xlon.isSession(date("2023-05-08"))).isFalse();
        assertThat(xlon.isSession(date("2023-05-01"))).isFalse();
        assertThat(xlon.isSession(date("2011-04-29"))).isFalse();
    }

    @Test
    void ve_day_anniversaries_replaced_the_early_may_bank_holiday() {
        assertThat(xlon.isSession(date("1995-05-01"))).isTrue();
        assertThat(xlon.isSession(date("1995-05-08"))).isFalse();
        assertThat(xlon.isSession(date("2020-05-04"))).isTrue();
        assertThat(xlon.isSession(date("2020-05-08"))).isFalse();
        assertThat(xlon.isSession(date("2021-05-03"))).isFalse();
    }

    @Test
    void christmas_and_boxing_day_on_a_weekend_move_to_27_and_28_december() {
        assertThat(xlon.sessionsInRange(date("2021-12-24"), date("2021-12-29"))).containsExactly(date("2021-12-24"), date("2021-12-29"));
        assertThat(xlon.sessionsInRange(date("2022-12-23"), date("2022-12-28"))).containsExactly(date("2022-12-23"), date("2022-12-28"));
        assertThat(xlon.isSession(date("2020-12-28"))).isFalse();
        assertThat(xlon.holidays(date("2021-12-27"), date("2021-12-28")))
                .containsValues("Christmas Day (substitute)", "Boxing Day (substitute)");
    }

    @Test
    void half_days_close_at_12_30_london_time_on_the_last_weekday_before_christmas_and_new_year() {
        assertThat(xlon.earlyCloses(date("2022-01-01"), date("2022-12-31")))
                .containsExactly(date("2022-12-23"), date("2022-12-30"));
        assertThat(xlon.sessionClose(date("2022-12-23"))).isEqualTo(Instant.parse("2022-12-23T12:30:00Z"));
        assertThat(xlon.tradingMinutes(date("2022-12-23"))).isEqualTo(270);
    }

    @Test
    void a_weekend_new_years_day_is_observed_on_the_monday() {
        assertThat(xlon.isSession(date("2022-01-03"))).isFalse();
        assertThat(xlon.isSession(date("2017-01-02"))).isFalse();
    }

    @Test
    void open_follows_british_summer_time() {
        assertThat(xlon.sessionOpen(date("2023-03-24"))).isEqualTo(Instant.parse("2023-03-24T08:00:00Z"));
        assertThat(xlon.sessionOpen(date("2023-03-27"))).isEqualTo(Instant.parse("2023-03-27T07:00:00Z"));
    }
}
