package io.pipeline.calendar.exchange.asia;

import io.pipeline.calendar.Session;
import io.pipeline.calendar.exchange.XhkgRules;
import org.junit.jupiter.api.Test;

import static io.pipeline.calendar.exchange.asia.RulesFixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.date;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.session;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.sessions;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.utc;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.weekdays;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

class XhkgRulesTest {

    private final XhkgRules rules = new XhkgRules();

    private static final String[] HKEX_2024 = {
            // HKEX securities market holidays 2024 (general holidays gazette), Saturdays omitted.
            "2024-01-01", "2024-02-12", "2024-02-13", "2024-03-29", "2024-04-01", "2024-04-04", "2024-05-01",
            "2024-05-15", "2024-06-10", "2024-07-01", "2024-09-18", "2024-10-01", "2024-10-11", "2024-12-25",
            "2024-12-26",
            // HKEX news 2024-09-06: no trading all day, typhoon signal 8 (Yagi).
            "2024-09-06"};

    @Test
    void holidays_of_2024_are_those_of_the_hkex_trading_calendar() {
        assertThat(closedWeekdays(rules, 2024)).containsExactlyElementsOf(weekdaysOf(HKEX_2024));
    }

    @Test
    void holidays_of_2017_include_the_lunar_festivals_on_their_observed_days() {
        // Hong Kong general holidays 2017: Sunday holidays move to Monday; day after Mid-Autumn is 5 October.
        assertThat(closedWeekdays(rules, 2017)).containsExactlyElementsOf(weekdaysOf(
                "2017-01-02", "2017-01-30", "2017-01-31", "2017-04-04", "2017-04-14", "2017-04-17", "2017-05-01",
                "2017-05-03", "2017-05-30", "2017-08-23", "2017-10-02", "2017-10-05", "2017-12-25", "2017-12-26"));
    }

    @Test
    void lunar_new_year_gets_a_fourth_day_from_2013_when_one_of_its_three_days_is_a_sunday() {
        // 2013: New Year's Day on Sunday 10 Feb -> 11, 12 and 13 Feb closed.
        assertThat(closedWeekdays(rules, 2013)).contains(date("2013-02-11"), date("2013-02-12"), date("2013-02-13"));
        assertThat(rules.session(date("2013-02-14"))).isPresent();
        // 2025: Wednesday to Friday, no Sunday among them: no fourth day.
        assertThat(rules.session(date("2025-02-03"))).isPresent();
    }

    @Test
    void before_2013_lunar_new_years_eve_is_a_holiday_when_new_year_falls_on_a_saturday() {
        assertThat(rules.session(date("2003-01-31"))).isEmpty();
        assertThat(rules.closureName(date("2003-01-31"))).isEqualTo("Lunar New Year's Eve");
        assertThat(rules.session(date("2003-02-03"))).isEmpty();
        // From 2013 the eve of a Saturday New Year is a half day instead (2024-02-09).
        assertThat(session(rules, "2024-02-09").close()).isEqualTo(utc("2024-02-09T04:00:00Z"));
    }

    @Test
    void half_days_on_the_eves_of_lunar_new_year_christmas_and_new_year_close_at_noon_without_a_lunch_break() {
        for (String eve : new String[] {"2018-02-15", "2024-12-24", "2024-12-31", "2025-01-28"}) {
            Session s = session(rules, eve);
            assertThat(s.open()).as(eve).isEqualTo(utc(eve + "T01:30:00Z"));
            assertThat(s.close()).as(eve).isEqualTo(utc(eve + "T04:00:00Z"));
            assertThat(s.hasBreak()).as(eve).isFalse();
            assertThat(rules.regularSession(date(eve)).close()).isEqualTo(utc(eve + "T08:00:00Z"));
        }
    }

    @Test
    void before_the_2011_hours_change_half_days_ran_from_10_00_to_12_30() {
        Session s = session(rules, "2010-12-24");
        assertThat(s.open()).isEqualTo(utc("2010-12-24T02:00:00Z"));
        assertThat(s.close()).isEqualTo(utc("2010-12-24T04:30:00Z"));
        assertThat(s.hasBreak()).isFalse();
        // Lunar New Year's Eve was a full day before 2013.
        assertThat(session(rules, "2012-01-20").close()).isEqualTo(utc("2012-01-20T08:00:00Z"));
    }

    @Test
    void the_open_moves_from_10_00_to_09_30_on_2011_03_07_and_the_lunch_break_is_12_00_to_13_00() {
        Session before = session(rules, "2011-03-04");
        assertThat(before.open()).isEqualTo(utc("2011-03-04T02:00:00Z"));
        assertThat(before.breakStart()).isEqualTo(utc("2011-03-04T04:00:00Z"));
        assertThat(before.breakEnd()).isEqualTo(utc("2011-03-04T05:00:00Z"));
        assertThat(before.close()).isEqualTo(utc("2011-03-04T08:00:00Z"));
        Session after = session(rules, "2011-03-07");
        assertThat(after.open()).isEqualTo(utc("2011-03-07T01:30:00Z"));
        assertThat(after.close()).isEqualTo(utc("2011-03-07T08:00:00Z"));
    }

    @Test
    void typhoon_and_one_off_closures_are_dated() {
        assertThat(rules.closureName(date("2023-07-17"))).isEqualTo("Typhoon Talim");
        assertThat(rules.closureName(date("1999-12-31"))).isEqualTo("Millennium closure");
        assertThat(rules.closureName(date("2015-09-03"))).contains("70th anniversary");
    }

    @Test
    void ching_ming_moves_past_easter_monday_and_mid_autumn_past_national_day() {
        assertThat(rules.closureName(date("2021-04-06"))).isEqualTo("Ching Ming Festival");
        assertThat(rules.closureName(date("2012-10-02"))).isNotNull();
        assertThat(rules.closureName(date("2012-10-01"))).isEqualTo("National Day");
    }

    @Test
    void sessions_of_2024_are_the_weekdays_less_the_hkex_holidays_with_three_half_days() {
        assertThat(sessions(rules, 2024)).hasSize(weekdays(2024) - weekdaysOf(HKEX_2024).size());
        assertThat(sessions(rules, 2024)).filteredOn(s -> !s.hasBreak()).extracting(Session::date)
                .containsExactly(date("2024-02-09"), date("2024-12-24"), date("2024-12-31"));
    }
}
