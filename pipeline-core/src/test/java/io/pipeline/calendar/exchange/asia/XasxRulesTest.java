package io.pipeline.calendar.exchange.asia;

import io.pipeline.calendar.Session;
import io.pipeline.calendar.exchange.XasxRules;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;

import static io.pipeline.calendar.exchange.asia.RulesFixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.date;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.session;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.sessions;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.utc;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.weekdays;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

class XasxRulesTest {

    private final XasxRules rules = new XasxRules();
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    // ASX cash market trading calendar 2024 (asx.com.au, trading hours calendar).
    private static final String[] ASX_2024 = {"2024-01-01", "2024-01-26", "2024-03-29", "2024-04-01", "2024-04-25",
            "2024-06-10", "2024-12-25", "2024-12-26"};

    @Test
    void holidays_of_2024_are_those_of_the_asx_trading_calendar() {
        assertThat(closedWeekdays(rules, 2024)).containsExactlyElementsOf(weekdaysOf(ASX_2024));
    }

    @Test
    void sydney_daylight_saving_moves_the_utc_open_and_close_in_april_and_october() {
        // DST ended Sunday 7 April 2024 and started Sunday 6 October 2024.
        assertThat(session(rules, "2024-04-05").open()).isEqualTo(utc("2024-04-04T23:00:00Z"));
        assertThat(session(rules, "2024-04-05").close()).isEqualTo(utc("2024-04-05T05:00:00Z"));
        assertThat(session(rules, "2024-04-08").open()).isEqualTo(utc("2024-04-08T00:00:00Z"));
        assertThat(session(rules, "2024-04-08").close()).isEqualTo(utc("2024-04-08T06:00:00Z"));
        assertThat(session(rules, "2024-10-04").open()).isEqualTo(utc("2024-10-04T00:00:00Z"));
        assertThat(session(rules, "2024-10-07").open()).isEqualTo(utc("2024-10-06T23:00:00Z"));
        assertThat(session(rules, "2024-10-07").close()).isEqualTo(utc("2024-10-07T05:00:00Z"));
        for (String day : new String[] {"2024-04-05", "2024-04-08", "2024-10-04", "2024-10-07"}) {
            Session s = session(rules, day);
            assertThat(s.open().atZone(SYDNEY).toLocalTime()).isEqualTo(LocalTime.of(10, 0));
            assertThat(s.close().atZone(SYDNEY).toLocalTime()).isEqualTo(LocalTime.of(16, 0));
        }
    }

    @Test
    void the_last_days_before_christmas_and_of_the_year_close_at_14_10_from_2010() {
        assertThat(session(rules, "2024-12-24").close()).isEqualTo(utc("2024-12-24T03:10:00Z"));
        assertThat(session(rules, "2024-12-31").close()).isEqualTo(utc("2024-12-31T03:10:00Z"));
        // Christmas Eve 2023 was a Sunday: the Friday before closes early.
        assertThat(session(rules, "2023-12-22").close()).isEqualTo(utc("2023-12-22T03:10:00Z"));
        assertThat(session(rules, "2009-12-24").close()).isEqualTo(utc("2009-12-24T05:00:00Z"));
        // ASX 2022 calendar: 23 and 30 December were full days.
        assertThat(session(rules, "2022-12-23")).isEqualTo(rules.regularSession(date("2022-12-23")));
        assertThat(session(rules, "2022-12-30")).isEqualTo(rules.regularSession(date("2022-12-30")));
    }

    @Test
    void one_off_closures_are_dated() {
        assertThat(rules.closureName(date("2022-09-22"))).isEqualTo("National Day of Mourning");
        assertThat(rules.closureName(date("2011-04-26"))).isEqualTo("Easter Tuesday");
        assertThat(rules.closureName(date("1999-12-31"))).isEqualTo("Y2K closure");
    }

    @Test
    void anzac_day_on_a_sunday_moved_to_monday_only_in_2010() {
        assertThat(rules.session(date("2010-04-26"))).isEmpty();
        assertThat(rules.session(date("2021-04-26"))).isPresent();
        assertThat(rules.session(date("2004-04-26"))).isPresent();
    }

    @Test
    void australia_day_was_a_trading_day_in_1993() {
        assertThat(rules.session(date("1993-01-26"))).isPresent();
        assertThat(rules.session(date("1992-01-27"))).isEmpty(); // Monday on or after 26 January
        assertThat(rules.session(date("1994-01-26"))).isEmpty();
    }

    @Test
    void sessions_of_2024_are_the_weekdays_less_the_asx_holidays() {
        assertThat(sessions(rules, 2024)).hasSize(weekdays(2024) - weekdaysOf(ASX_2024).size());
        assertThat(sessions(rules, 2024)).hasSize(254);
    }
}
