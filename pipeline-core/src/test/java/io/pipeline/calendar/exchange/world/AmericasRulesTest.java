package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.BvmfRules;
import io.pipeline.calendar.exchange.XmexRules;
import org.junit.jupiter.api.Test;

import static io.pipeline.calendar.exchange.world.Fixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.world.Fixtures.date;
import static io.pipeline.calendar.exchange.world.Fixtures.earlyCloses;
import static io.pipeline.calendar.exchange.world.Fixtures.session;
import static io.pipeline.calendar.exchange.world.Fixtures.utc;
import static io.pipeline.calendar.exchange.world.Fixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** BVMF and XMEX: closures from published calendars and hours that follow New York's clock. */
class AmericasRulesTest {

    private final ExchangeRules bvmf = new BvmfRules();
    private final ExchangeRules xmex = new XmexRules();

    @Test
    void b3_2024_closures_and_the_ash_wednesday_late_open() {
        // B3 calendar 2024 (Seu Dinheiro, Investidor10), plus 20 November, a national holiday from 2024.
        assertThat(closedWeekdays(bvmf, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-02-12", "2024-02-13", "2024-03-29", "2024-05-01", "2024-05-30", "2024-11-15",
                "2024-11-20", "2024-12-24", "2024-12-25", "2024-12-31"));
        // Sao Paulo's own holidays are trading days from 2022.
        assertThat(bvmf.session(date("2024-01-25"))).isPresent();
        assertThat(bvmf.session(date("2024-07-09"))).isPresent();
        assertThat(bvmf.session(date("2023-11-20"))).isPresent();
        // Ash Wednesday, 14 February 2024: continuous trading from 13:00 to 17:55, closing call to 18:00.
        assertThat(session(bvmf, "2024-02-14").open()).isEqualTo(utc("2024-02-14T16:00:00Z"));
        assertThat(session(bvmf, "2024-02-14").close()).isEqualTo(utc("2024-02-14T21:00:00Z"));
        assertThat(earlyCloses(bvmf, 2024)).isEmpty();
    }

    @Test
    void b3_closes_on_the_last_weekday_of_the_year() {
        assertThat(bvmf.session(date("2023-12-29"))).isEmpty();
        assertThat(bvmf.session(date("2023-12-28"))).isPresent();
        assertThat(bvmf.session(date("2022-12-30"))).isEmpty();
        assertThat(bvmf.session(date("2036-12-31"))).isEmpty();
        assertThat(bvmf.session(date("2036-12-30"))).isPresent();
    }

    @Test
    void b3_closes_an_hour_earlier_while_new_york_is_on_daylight_time() {
        // US daylight time from Sunday 10 March 2024 to Sunday 3 November 2024.
        assertThat(session(bvmf, "2024-03-08").close()).isEqualTo(utc("2024-03-08T21:00:00Z"));
        assertThat(session(bvmf, "2024-03-11").close()).isEqualTo(utc("2024-03-11T20:00:00Z"));
        assertThat(session(bvmf, "2024-03-11").open()).isEqualTo(utc("2024-03-11T13:00:00Z"));
        assertThat(session(bvmf, "2024-11-01").close()).isEqualTo(utc("2024-11-01T20:00:00Z"));
        assertThat(session(bvmf, "2024-11-04").close()).isEqualTo(utc("2024-11-04T21:00:00Z"));
    }

    @Test
    void bmv_closures_of_2024_are_the_cnbv_bank_holidays() {
        // CNBV days 2024: Constitution and Juarez Mondays, Holy Week, 1 October (transfer of the executive),
        // Revolution Monday, 12 December; 2 November was a Saturday.
        assertThat(closedWeekdays(xmex, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-02-05", "2024-03-18", "2024-03-28", "2024-03-29", "2024-05-01", "2024-09-16",
                "2024-10-01", "2024-11-18", "2024-12-12", "2024-12-25"));
        // 24 Horas, April 2014: closed 17 and 18 April; La Voz de Michoacan: closed 2 November 2015.
        assertThat(xmex.session(date("2014-04-17"))).isEmpty();
        assertThat(xmex.session(date("2014-04-18"))).isEmpty();
        assertThat(xmex.session(date("2015-11-02"))).isEmpty();
        assertThat(xmex.session(date("2030-10-01"))).isEmpty();
        assertThat(xmex.session(date("2025-10-01"))).isPresent();
    }

    @Test
    void bmv_trades_09_30_to_16_00_new_york_time_whatever_mexico_city_does() {
        // January 2015, "de 8:30 a 15:00 horas" (CST, UTC-6).
        assertThat(session(xmex, "2015-01-02").open()).isEqualTo(utc("2015-01-02T14:30:00Z"));
        assertThat(session(xmex, "2015-01-02").close()).isEqualTo(utc("2015-01-02T21:00:00Z"));
        // 2021: US daylight time from 14 March, Mexico City's from 4 April; 07:30 local in between.
        assertThat(session(xmex, "2021-03-16").open()).isEqualTo(utc("2021-03-16T13:30:00Z"));
        assertThat(session(xmex, "2021-04-05").open()).isEqualTo(utc("2021-04-05T13:30:00Z"));
        // Mexico City without daylight saving since October 2022: 07:30-14:00 local in the US summer.
        assertThat(session(xmex, "2024-07-01").open()).isEqualTo(utc("2024-07-01T13:30:00Z"));
        assertThat(session(xmex, "2024-07-01").close()).isEqualTo(utc("2024-07-01T20:00:00Z"));
        assertThat(session(xmex, "2024-12-02").open()).isEqualTo(utc("2024-12-02T14:30:00Z"));
        assertThat(xmex.session(date("2036-12-31"))).isPresent();
    }
}
