package io.pipeline.calendar.exchange.asia;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.Session;
import io.pipeline.calendar.exchange.XtksRules;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static io.pipeline.calendar.exchange.asia.RulesFixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.date;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.session;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.sessions;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.utc;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XtksRulesTest {

    private final XtksRules rules = new XtksRules();
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void holidays_of_2024_are_those_of_the_jpx_market_holiday_calendar() {
        // JPX "Market Holidays" 2024 (jpx.co.jp, corporate/about-jpx/calendar).
        assertThat(closedWeekdays(rules, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-08", "2024-02-12", "2024-02-23", "2024-03-20",
                "2024-04-29", "2024-05-03", "2024-05-06", "2024-07-15", "2024-08-12", "2024-09-16", "2024-09-23",
                "2024-10-14", "2024-11-04", "2024-12-31"));
    }

    @Test
    void holidays_of_2020_follow_the_olympic_moves_and_the_system_failure_day() {
        // JPX 2020 calendar: Marine, Sports and Mountain Day moved for the Games; 1 Oct arrowhead failure (news
        // release 2020-10-19).
        assertThat(closedWeekdays(rules, 2020)).containsExactlyElementsOf(weekdaysOf(
                "2020-01-01", "2020-01-02", "2020-01-03", "2020-01-13", "2020-02-11", "2020-02-24", "2020-03-20",
                "2020-04-29", "2020-05-04", "2020-05-05", "2020-05-06", "2020-07-23", "2020-07-24", "2020-08-10",
                "2020-09-21", "2020-09-22", "2020-10-01", "2020-11-03", "2020-11-23", "2020-12-31"));
    }

    @Test
    void imperial_events_of_2019_give_a_ten_day_golden_week_and_the_enthronement_holiday() {
        // JPX 2019 calendar: 27 April - 6 May closed; 22 October enthronement ceremony; no 23 December birthday.
        assertThat(closedWeekdays(rules, 2019)).containsExactlyElementsOf(weekdaysOf(
                "2019-01-01", "2019-01-02", "2019-01-03", "2019-01-14", "2019-02-11", "2019-03-21", "2019-04-29",
                "2019-04-30", "2019-05-01", "2019-05-02", "2019-05-03", "2019-05-06", "2019-07-15", "2019-08-12",
                "2019-09-16", "2019-09-23", "2019-10-14", "2019-10-22", "2019-11-04", "2019-12-31"));
        assertThat(rules.closureName(date("2019-10-22"))).isEqualTo("Enthronement Ceremony");
        assertThat(rules.session(date("2019-12-23"))).isPresent();
    }

    @Test
    void the_day_between_respect_for_the_aged_day_and_the_equinox_is_a_holiday_in_silver_week_years() {
        assertThat(rules.session(date("2009-09-22"))).isEmpty();
        assertThat(rules.session(date("2015-09-22"))).isEmpty();
        // JPX 2026 calendar: 21, 22 and 23 September closed.
        assertThat(closedWeekdays(rules, 2026)).contains(date("2026-09-21"), date("2026-09-22"), date("2026-09-23"));
        assertThat(rules.session(date("2020-09-23"))).isPresent();
    }

    @Test
    void happy_monday_law_moves_coming_of_age_day_from_2000_and_marine_day_from_2003() {
        assertThat(rules.session(date("1999-01-15"))).isEmpty();
        assertThat(rules.session(date("2000-01-15"))).isEmpty(); // a Saturday anyway
        assertThat(rules.session(date("2000-01-10"))).isEmpty(); // second Monday
        assertThat(rules.session(date("2002-07-22"))).isPresent(); // 20 July 2002 was a Saturday: no move
        assertThat(rules.session(date("2003-07-21"))).isEmpty(); // third Monday of July
        assertThat(rules.session(date("2002-09-16"))).isEmpty(); // 15 Sep 2002 Sunday -> Monday
        assertThat(rules.session(date("2003-09-15"))).isEmpty(); // third Monday of September
    }

    @Test
    void the_lunch_break_runs_from_11_30_to_12_30_tokyo_time() {
        Session s = session(rules, "2023-06-15");
        assertThat(s.open()).isEqualTo(utc("2023-06-15T00:00:00Z"));
        assertThat(s.breakStart()).isEqualTo(utc("2023-06-15T02:30:00Z"));
        assertThat(s.breakEnd()).isEqualTo(utc("2023-06-15T03:30:00Z"));
        assertThat(s.breakStart().atZone(TOKYO).toLocalTime()).isEqualTo(LocalTime.of(11, 30));
        assertThat(s.breakEnd().atZone(TOKYO).toLocalTime()).isEqualTo(LocalTime.of(12, 30));
    }

    @Test
    void the_close_moves_from_15_00_to_15_30_on_2024_11_05() {
        // 2024-11-04 was Culture Day (observed): the last 15:00 close is Friday 1 November.
        assertThat(session(rules, "2024-11-01").close()).isEqualTo(utc("2024-11-01T06:00:00Z"));
        assertThat(rules.session(date("2024-11-04"))).isEmpty();
        assertThat(session(rules, "2024-11-05").close()).isEqualTo(utc("2024-11-05T06:30:00Z"));
        assertThat(rules.regularSession(date("2024-11-05")).close()).isEqualTo(utc("2024-11-05T06:30:00Z"));
        assertThat(session(rules, "2024-11-05").breakStart()).isEqualTo(utc("2024-11-05T02:30:00Z"));
    }

    @Test
    void every_session_has_the_lunch_break_and_no_early_closes() {
        for (int year = 1997; year <= 2036; year++) {
            assertThat(sessions(rules, year)).allSatisfy(s -> {
                assertThat(s.hasBreak()).isTrue();
                assertThat(s).isEqualTo(rules.regularSession(s.date()));
            });
        }
    }

    @Test
    void sessions_per_year_match_the_trading_days_jpx_reports() {
        // JPX trading-day counts: 241 in 2019 (ten-day Golden Week), 242 in 2020 (243 less the 1 Oct failure),
        // 245 in 2024.
        assertThat(sessions(rules, 2019)).hasSize(241);
        assertThat(sessions(rules, 2020)).hasSize(242);
        assertThat(sessions(rules, 2024)).hasSize(245);
    }

    @Test
    void rules_start_in_1997_and_name_the_bounds_outside() {
        assertThat(rules.firstSession()).isEqualTo(LocalDate.of(1997, 1, 1));
        assertThat(rules.session(date("1997-01-06"))).isPresent();
        assertThat(closedWeekdays(rules, 1997)).startsWith(date("1997-01-01"), date("1997-01-02"), date("1997-01-03"));
        assertThatThrownBy(() -> rules.session(date("1996-12-31")))
                .isInstanceOf(CalendarOutOfBoundsException.class)
                .hasMessageContaining("XTKS").hasMessageContaining("1997-01-01").hasMessageContaining("2036-12-31");
    }
}
