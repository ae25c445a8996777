package io.pipeline.calendar.exchange.asia;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XetrRules;
import io.pipeline.calendar.exchange.XfraRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.pipeline.calendar.exchange.asia.RulesFixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.date;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.session;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.sessions;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.utc;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Xetra and the Frankfurt floor share Deutsche Boerse's trading calendar; every test runs against both. */
class GermanExchangesRulesTest {

    static List<ExchangeRules> exchanges() {
        return List.of(new XetrRules(), new XfraRules());
    }

    @ParameterizedTest
    @MethodSource("exchanges")
    void holidays_of_2024_are_those_of_the_deutsche_boerse_trading_calendar(ExchangeRules rules) {
        // Deutsche Boerse "Trading calendar 2024" (Xetra and Boerse Frankfurt).
        assertThat(closedWeekdays(rules, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-01", "2024-12-24", "2024-12-25", "2024-12-26",
                "2024-12-31"));
    }

    @ParameterizedTest
    @MethodSource("exchanges")
    void christmas_eve_and_new_years_eve_are_closed_and_the_last_day_before_closes_at_14_00(ExchangeRules rules) {
        assertThat(rules.session(date("2024-12-24"))).isEmpty();
        assertThat(rules.session(date("2024-12-31"))).isEmpty();
        assertThat(rules.closureName(date("2024-12-24"))).isEqualTo("Christmas Eve");
        // Jahresschlussboerse 2024: Monday 30 December, close 14:00 CET.
        assertThat(session(rules, "2024-12-30").close()).isEqualTo(utc("2024-12-30T13:00:00Z"));
        assertThat(session(rules, "2024-12-30").open()).isEqualTo(utc("2024-12-30T08:00:00Z"));
        // 31 December 2023 was a Sunday: Friday 29 December closed early.
        assertThat(session(rules, "2023-12-29").close()).isEqualTo(utc("2023-12-29T13:00:00Z"));
        assertThat(session(rules, "2009-12-30").close()).isEqualTo(utc("2009-12-30T16:30:00Z"));
    }

    @ParameterizedTest
    @MethodSource("exchanges")
    void whit_monday_and_german_unity_day_are_trading_days_again_from_2022(ExchangeRules rules) {
        assertThat(rules.session(date("2021-05-24"))).isEmpty();
        assertThat(rules.session(date("2022-06-06"))).isPresent();
        assertThat(rules.session(date("2020-10-03"))).isEmpty(); // a Saturday
        assertThat(rules.session(date("2019-10-03"))).isEmpty();
        assertThat(rules.session(date("2022-10-03"))).isPresent();
        assertThat(rules.session(date("2013-10-03"))).isPresent();
        assertThat(rules.session(date("2007-05-28"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("exchanges")
    void reformation_day_closed_only_in_2017(ExchangeRules rules) {
        assertThat(rules.session(date("2017-10-31"))).isEmpty();
        assertThat(rules.session(date("2018-10-31"))).isPresent();
    }

    @ParameterizedTest
    @MethodSource("exchanges")
    void summer_and_winter_sessions_open_at_09_00_berlin_time(ExchangeRules rules) {
        assertThat(session(rules, "2024-07-01").open()).isEqualTo(utc("2024-07-01T07:00:00Z"));
        assertThat(session(rules, "2024-07-01").close()).isEqualTo(utc("2024-07-01T15:30:00Z"));
        assertThat(session(rules, "2024-01-02").open()).isEqualTo(utc("2024-01-02T08:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("exchanges")
    void sessions_per_year_are_254_in_2024_and_257_in_2022(ExchangeRules rules) {
        // 262 weekdays in 2024 less 8 weekday closures; 2022: 260 weekdays less Good Friday, Easter Monday and
        // Boxing Day (New Year's Day, Labour Day and both Christmas eves fell on weekends).
        assertThat(sessions(rules, 2024)).hasSize(254);
        assertThat(sessions(rules, 2022)).hasSize(257);
    }
}
