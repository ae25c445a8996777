package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XjseRules;
import io.pipeline.calendar.exchange.XnzeRules;
import org.junit.jupiter.api.Test;

import static io.pipeline.calendar.exchange.world.Fixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.world.Fixtures.date;
import static io.pipeline.calendar.exchange.world.Fixtures.earlyCloses;
import static io.pipeline.calendar.exchange.world.Fixtures.session;
import static io.pipeline.calendar.exchange.world.Fixtures.utc;
import static io.pipeline.calendar.exchange.world.Fixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** XJSE and XNZE against published holiday lists and declarations (cited per test). */
class SouthernRulesTest {

    private final ExchangeRules xjse = new XjseRules();
    private final ExchangeRules xnze = new XnzeRules();

    @Test
    void johannesburg_2023_moves_sunday_holidays_to_monday() {
        // Cape Argus, 2 January 2023: 2 January and 25 September 2023 public holidays (1 Jan, 24 Sep on Sundays).
        assertThat(closedWeekdays(xjse, 2023)).containsExactlyElementsOf(weekdaysOf(
                "2023-01-02", "2023-03-21", "2023-04-07", "2023-04-10", "2023-04-27", "2023-05-01", "2023-06-16",
                "2023-08-09", "2023-09-25", "2023-12-25", "2023-12-26"));
        assertThat(xjse.closureName(date("2023-09-25"))).isEqualTo("Heritage Day (observed)");
    }

    @Test
    void johannesburg_2024_has_the_election_day_and_the_youth_day_monday() {
        assertThat(closedWeekdays(xjse, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-03-21", "2024-03-29", "2024-04-01", "2024-05-01", "2024-05-29", "2024-06-17",
                "2024-08-09", "2024-09-24", "2024-12-16", "2024-12-25", "2024-12-26"));
        assertThat(earlyCloses(xjse, 2024)).isEmpty();
    }

    @Test
    void johannesburg_declared_days_are_closed() {
        // Presidency 8 December 2022 and 19 September 2016: 27 December, Christmas on a Sunday.
        assertThat(xjse.session(date("2022-12-27"))).isEmpty();
        assertThat(xjse.session(date("2016-12-27"))).isEmpty();
        // Y2K: 31 December 1999 declared, Sunday 2 January 2000 declared so Monday 3 January followed.
        assertThat(xjse.session(date("1999-12-31"))).isEmpty();
        assertThat(xjse.session(date("2000-01-03"))).isEmpty();
        assertThat(xjse.session(date("2008-05-02"))).isEmpty();
        assertThat(xjse.closureName(date("2021-11-01"))).isEqualTo("Local government elections");
        // 2033: Christmas on a Sunday again, but no declaration exists yet: 27 December is a session by rule.
        assertThat(xjse.session(date("2033-12-27"))).isPresent();
    }

    @Test
    void johannesburg_trades_09_00_to_17_00_sast_all_year() {
        assertThat(session(xjse, "2024-01-15").open()).isEqualTo(utc("2024-01-15T07:00:00Z"));
        assertThat(session(xjse, "2024-07-15").close()).isEqualTo(utc("2024-07-15T15:00:00Z"));
        assertThat(xjse.firstSession()).isEqualTo(date("1995-01-01"));
        assertThat(xjse.session(date("2036-12-31"))).isPresent();
    }

    @Test
    void new_zealand_2026_matches_the_asx_24_calendar_for_nz() {
        // ASX 24 trading calendar 2026, NZ day sessions closed: 1 and 2 January, 6 February, 3 and 6 April,
        // 27 April (Anzac Day on a Saturday), 1 June, 10 July (Matariki), 26 October, 25 and 28 December.
        assertThat(closedWeekdays(xnze, 2026)).containsExactlyElementsOf(weekdaysOf(
                "2026-01-01", "2026-01-02", "2026-02-06", "2026-04-03", "2026-04-06", "2026-04-27", "2026-06-01",
                "2026-07-10", "2026-10-26", "2026-12-25", "2026-12-28"));
        assertThat(xnze.closureName(date("2026-12-28"))).isEqualTo("Boxing Day (observed)");
    }

    @Test
    void new_zealand_mondayisation_and_one_off_days() {
        // 2022: New Year's Day Saturday, 2 January Sunday -> Monday 3 and Tuesday 4 January.
        assertThat(xnze.session(date("2022-01-03"))).isEmpty();
        assertThat(xnze.session(date("2022-01-04"))).isEmpty();
        // Christmas 2022 on a Sunday: Boxing Day Monday 26, Christmas observed Tuesday 27.
        assertThat(xnze.closureName(date("2022-12-27"))).isEqualTo("Christmas Day (observed)");
        // Matariki 24 June 2022; Queen Elizabeth II Memorial Day 26 September 2022 (NZX class rulings).
        assertThat(xnze.session(date("2022-06-24"))).isEmpty();
        assertThat(xnze.session(date("2022-09-26"))).isEmpty();
        // Waitangi Day on a Saturday: not moved before 2014 (2010), moved to Monday after (2016-02-08).
        assertThat(xnze.session(date("2010-02-08"))).isPresent();
        assertThat(xnze.session(date("2016-02-08"))).isEmpty();
        assertThat(xnze.session(date("2036-07-18"))).isEmpty();
    }

    @Test
    void new_zealand_open_in_utc_moves_with_auckland_daylight_saving() {
        // NZDT (UTC+13) until 7 April 2024, NZST (UTC+12) after.
        assertThat(session(xnze, "2024-04-05").open()).isEqualTo(utc("2024-04-04T21:00:00Z"));
        assertThat(session(xnze, "2024-04-05").close()).isEqualTo(utc("2024-04-05T03:45:00Z"));
        assertThat(session(xnze, "2024-04-08").open()).isEqualTo(utc("2024-04-07T22:00:00Z"));
        assertThat(session(xnze, "2024-09-30").open()).isEqualTo(utc("2024-09-29T21:00:00Z"));
    }
}
