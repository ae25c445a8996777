package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XsesRules;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.pipeline.calendar.exchange.world.Fixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.world.Fixtures.date;
import static io.pipeline.calendar.exchange.world.Fixtures.earlyCloses;
import static io.pipeline.calendar.exchange.world.Fixtures.session;
import static io.pipeline.calendar.exchange.world.Fixtures.utc;
import static io.pipeline.calendar.exchange.world.Fixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** XSES against SGX's published holiday lists and the Ministry of Manpower's gazetted holidays. */
class XsesRulesTest {

    private final ExchangeRules xses = new XsesRules();

    @Test
    void closures_and_half_days_of_2021_from_the_sgx_list() {
        // SGX 2021 (TradingHours.com): Christmas on a Saturday and Labour Day on a Saturday give no closure.
        assertThat(closedWeekdays(xses, 2021)).containsExactlyElementsOf(weekdaysOf(
                "2021-01-01", "2021-02-12", "2021-04-02", "2021-05-13", "2021-05-26", "2021-07-20", "2021-08-09",
                "2021-11-04"));
        assertThat(earlyCloses(xses, 2021)).containsExactly(date("2021-02-11"), date("2021-12-24"),
                date("2021-12-31"));
    }

    @Test
    void closures_and_half_days_of_2024_from_the_sgx_list() {
        // SGX 2024 (TipRanks): the second day of Chinese New Year, a Sunday, is observed on Monday 12 February.
        assertThat(closedWeekdays(xses, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-02-12", "2024-03-29", "2024-04-10", "2024-05-01", "2024-05-22", "2024-06-17",
                "2024-08-09", "2024-10-31", "2024-12-25"));
        assertThat(earlyCloses(xses, 2024)).containsExactly(date("2024-02-09"), date("2024-12-24"),
                date("2024-12-31"));
    }

    @Test
    void the_2022_hari_raya_dates_are_moms_revision_of_october_2021() {
        // CNA, 21 October 2021: Hari Raya Puasa Tuesday 3 May; Hari Raya Haji Sunday 10 July, Monday 11 July off.
        assertThat(xses.closureName(date("2022-05-03"))).isEqualTo("Hari Raya Puasa");
        assertThat(xses.closureName(date("2022-07-11"))).isEqualTo("Hari Raya Haji");
        assertThat(xses.session(date("2022-05-02"))).isEmpty(); // Labour Day, a Sunday, observed on the Monday
        assertThat(xses.session(date("2022-05-04"))).isPresent();
    }

    @Test
    void a_sunday_first_day_of_chinese_new_year_moves_the_second_days_closure_to_tuesday() {
        // 2023: 22 January a Sunday, 23 January the second day, 24 January in lieu (MOM 2023).
        assertThat(xses.closureName(date("2023-01-23"))).isEqualTo("Chinese New Year");
        assertThat(xses.closureName(date("2023-01-24"))).isEqualTo("Chinese New Year");
        assertThat(xses.session(date("2023-01-25"))).isPresent();
        assertThat(xses.closureName(date("2023-09-01"))).isEqualTo("Polling Day");
        // 2026: Vesak Day and Deepavali on Sundays, observed on the Mondays.
        assertThat(xses.closureName(date("2026-06-01"))).isEqualTo("Vesak Day");
        assertThat(xses.closureName(date("2026-11-09"))).isEqualTo("Deepavali");
        assertThat(xses.closureName(date("2026-08-10"))).isEqualTo("National Day");
    }

    @Test
    void a_computed_festival_on_a_sunday_is_observed_on_the_monday() {
        // Hari Raya Puasa 27 February 2028 and Vesak Day 27 May 2029 by the rules, both Sundays.
        assertThat(xses.closureName(date("2028-02-28"))).isEqualTo("Hari Raya Puasa");
        assertThat(xses.closureName(date("2029-05-28"))).isEqualTo("Vesak Day");
        assertThat(xses.session(date("2029-05-29"))).isPresent();
        // Hari Raya Puasa falls twice in 2033 (1 Shawwal 1454 and 1455).
        assertThat(xses.closureName(date("2033-01-03"))).isEqualTo("Hari Raya Puasa");
        assertThat(xses.closureName(date("2033-12-23"))).isEqualTo("Hari Raya Puasa");
    }

    @Test
    void sessions_run_09_00_to_17_00_singapore_time_with_the_noon_break_and_half_days_end_at_noon() {
        // Midday break 12:00-13:00 since 13 November 2017 (CNA, 18 July 2017).
        ExchangeCalendar c = Calendars.get("XSES");
        assertThat(session(xses, "2024-06-14").open()).isEqualTo(utc("2024-06-14T01:00:00Z"));
        assertThat(session(xses, "2024-06-14").breakStart()).isEqualTo(utc("2024-06-14T04:00:00Z"));
        assertThat(session(xses, "2024-06-14").breakEnd()).isEqualTo(utc("2024-06-14T05:00:00Z"));
        assertThat(session(xses, "2024-06-14").close()).isEqualTo(utc("2024-06-14T09:00:00Z"));
        assertThat(c.isOpenAt(utc("2024-06-14T04:30:00Z"))).isFalse();
        assertThat(c.isOpenAt(utc("2024-06-14T05:30:00Z"))).isTrue();
        assertThat(session(xses, "2024-12-24").breakStart()).isNull();
        assertThat(session(xses, "2024-12-24").close()).isEqualTo(utc("2024-12-24T04:00:00Z"));
        assertThat(c.isOpenAt(utc("2024-12-24T04:30:00Z"))).isFalse();
    }

    @Test
    void computed_years_follow_the_rule_through_2036() {
        XsesRules rules = new XsesRules();
        assertThat(rules.computedFrom()).isEqualTo(LocalDate.of(2027, 1, 1));
        // Lunar New Year 2027 is Saturday 6 February: no closure for it, the Sunday's moves to Monday 8 February.
        assertThat(xses.closureName(date("2027-02-08"))).isEqualTo("Chinese New Year");
        assertThat(earlyCloses(xses, 2027)).contains(date("2027-02-05"), date("2027-12-24"), date("2027-12-31"));
        // The four festivals by the stated rules (calendars-computed-festivals.md): Hari Raya Puasa Wednesday
        // 10 March, Hari Raya Haji Monday 17 May, Vesak Day Thursday 20 May, Deepavali Thursday 28 October.
        assertThat(closedWeekdays(xses, 2027)).containsExactlyElementsOf(weekdaysOf(
                "2027-01-01", "2027-02-08", "2027-03-10", "2027-03-26", "2027-05-17", "2027-05-20", "2027-08-09",
                "2027-10-28"));
        assertThat(xses.closureName(date("2027-10-28"))).isEqualTo("Deepavali");
        // 2036: Lunar New Year Monday 28 January and Tuesday 29 January, the eve a Sunday.
        assertThat(closedWeekdays(xses, 2036)).contains(date("2036-01-28"), date("2036-01-29"));
        assertThat(xses.session(date("2036-12-31"))).isPresent();
    }
}
