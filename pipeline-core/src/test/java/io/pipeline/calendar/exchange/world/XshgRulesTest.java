package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XshgRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.pipeline.calendar.exchange.world.Fixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.world.Fixtures.date;
import static io.pipeline.calendar.exchange.world.Fixtures.session;
import static io.pipeline.calendar.exchange.world.Fixtures.utc;
import static io.pipeline.calendar.exchange.world.Fixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** XSHG against the SSE's published closure notices, and the rule used after them. */
class XshgRulesTest {

    private final ExchangeRules xshg = new XshgRules();

    @Test
    void closures_of_2024_from_the_sse_notice_of_26_december_2023() {
        // Includes Friday 9 February, the Spring Festival eve, on which the SSE closed from 2024.
        assertThat(closedWeekdays(xshg, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16",
                "2024-04-04", "2024-04-05", "2024-05-01", "2024-05-02", "2024-05-03", "2024-06-10", "2024-09-16",
                "2024-09-17", "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"));
        // Make-up working Sunday 4 February and Saturday 11 May are still no trading days.
        assertThat(xshg.session(date("2024-02-04"))).isEmpty();
    }

    @Test
    void closures_of_2023_include_the_eight_day_mid_autumn_and_national_day_block() {
        // SSE notice of 27 December 2022.
        assertThat(closedWeekdays(xshg, 2023)).containsExactlyElementsOf(weekdaysOf(
                "2023-01-02", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26", "2023-01-27", "2023-04-05",
                "2023-05-01", "2023-05-02", "2023-05-03", "2023-06-22", "2023-06-23", "2023-09-29", "2023-10-02",
                "2023-10-03", "2023-10-04", "2023-10-05", "2023-10-06"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2025, 2026})
    void the_rule_used_from_2027_reproduces_the_published_2025_and_2026_schedules(int year) {
        assertThat(XshgRules.closuresByRule(year).keySet()).containsExactlyElementsOf(closedWeekdays(xshg, year));
    }

    @Test
    void computed_years_follow_the_rule_through_2036() {
        // Lunar New Year 2027 is 6 February (Saturday): eve Friday 5 February to the sixth day, 12 February.
        assertThat(closedWeekdays(xshg, 2027)).contains(date("2027-02-05"), date("2027-02-08"), date("2027-02-12"));
        assertThat(xshg.session(date("2027-02-15"))).isPresent();
        // Mid-Autumn 3 October 2028 inside the National Day week: closed 1-8 October.
        assertThat(xshg.closureName(date("2028-10-02"))).isEqualTo("National Day and Mid-Autumn Festival");
        assertThat(xshg.session(date("2036-12-31"))).isPresent();
    }

    @Test
    void the_lunch_break_is_closed_and_sessions_open_09_30_beijing_time() {
        ExchangeCalendar c = Calendars.get("XSHG");
        assertThat(session(xshg, "2024-06-14").open()).isEqualTo(utc("2024-06-14T01:30:00Z"));
        assertThat(session(xshg, "2024-06-14").breakStart()).isEqualTo(utc("2024-06-14T03:30:00Z"));
        assertThat(session(xshg, "2024-06-14").breakEnd()).isEqualTo(utc("2024-06-14T05:00:00Z"));
        assertThat(session(xshg, "2024-06-14").close()).isEqualTo(utc("2024-06-14T07:00:00Z"));
        assertThat(c.isOpenAt(utc("2024-06-14T03:29:00Z"))).isTrue();
        assertThat(c.isOpenAt(utc("2024-06-14T04:00:00Z"))).isFalse();
        assertThat(c.isOpenAt(utc("2024-06-14T05:00:00Z"))).isTrue();
    }
}
