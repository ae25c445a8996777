package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XkrxRules;
import org.junit.jupiter.api.Test;

import static io.pipeline.calendar.exchange.world.Fixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.world.Fixtures.date;
import static io.pipeline.calendar.exchange.world.Fixtures.session;
import static io.pipeline.calendar.exchange.world.Fixtures.utc;
import static io.pipeline.calendar.exchange.world.Fixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** XKRX against KRX's published market holidays and its special hours. */
class XkrxRulesTest {

    private final ExchangeRules xkrx = new XkrxRules();

    @Test
    void closures_of_2024_with_substitute_days_election_and_temporary_holiday() {
        // KRX market holidays 2024: Seollal 9-12 Feb (10 Feb Saturday, 11 Sunday, substitute Monday 12), general
        // election 10 April, Children's Day substitute 6 May, Chuseok 16-18 September, Armed Forces Day 1 October.
        assertThat(closedWeekdays(xkrx, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-02-09", "2024-02-12", "2024-03-01", "2024-04-10", "2024-05-01", "2024-05-06",
                "2024-05-15", "2024-06-06", "2024-08-15", "2024-09-16", "2024-09-17", "2024-09-18", "2024-10-01",
                "2024-10-03", "2024-10-09", "2024-12-25", "2024-12-31"));
    }

    @Test
    void closures_of_2025() {
        // KRX 2025: temporary holiday 27 January; 1 March on a Saturday -> 3 March; Children's Day and Buddha's
        // Birthday both on 5 May -> 6 May; presidential election 3 June; Chuseok 5-7 October with 5 October a
        // Sunday -> 8 October.
        assertThat(closedWeekdays(xkrx, 2025)).containsExactlyElementsOf(weekdaysOf(
                "2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-03-03", "2025-05-01",
                "2025-05-05", "2025-05-06", "2025-06-03", "2025-06-06", "2025-08-15", "2025-10-03", "2025-10-06",
                "2025-10-07", "2025-10-08", "2025-10-09", "2025-12-25", "2025-12-31"));
        assertThat(xkrx.closureName(date("2025-05-06"))).isEqualTo("Children's Day (substitute)");
    }

    @Test
    void year_end_closing_day_is_the_last_weekday_and_substitutes_are_computed_ahead() {
        assertThat(xkrx.session(date("2023-12-29"))).isEmpty();
        assertThat(xkrx.session(date("2023-12-28"))).isPresent();
        // First substitute holiday under the 2014 rule: Chuseok 7-9 September 2014, 7 a Sunday -> 10 September.
        assertThat(xkrx.closureName(date("2014-09-10"))).isEqualTo("Chuseok (substitute)");
        // Chuseok 2028 (2-4 October) takes in National Foundation Day: substitute Thursday 5 October.
        assertThat(xkrx.session(date("2028-10-05"))).isEmpty();
        // Statutory elections: local 3 June 2026, general 12 April 2028.
        assertThat(xkrx.closureName(date("2026-06-03"))).isEqualTo("Local elections");
        assertThat(xkrx.closureName(date("2028-04-12"))).isEqualTo("General election");
        // Christmas 2027 on a Saturday: substitute Monday 27 December (rule of 2023).
        assertThat(xkrx.session(date("2027-12-27"))).isEmpty();
        assertThat(xkrx.session(date("2036-12-30"))).isPresent();
    }

    @Test
    void hours_extension_first_day_late_open_and_exam_day() {
        assertThat(session(xkrx, "2016-07-29").close()).isEqualTo(utc("2016-07-29T06:00:00Z"));
        assertThat(session(xkrx, "2016-08-01").close()).isEqualTo(utc("2016-08-01T06:30:00Z"));
        assertThat(session(xkrx, "2016-08-01").open()).isEqualTo(utc("2016-08-01T00:00:00Z"));
        assertThat(session(xkrx, "2016-08-01").breakStart()).isNull();
        // First trading day of 2024 opens at 10:00 KST.
        assertThat(session(xkrx, "2024-01-02").open()).isEqualTo(utc("2024-01-02T01:00:00Z"));
        // Suneung, 14 November 2024: 10:00-16:30 KST.
        assertThat(session(xkrx, "2024-11-14").open()).isEqualTo(utc("2024-11-14T01:00:00Z"));
        assertThat(session(xkrx, "2024-11-14").close()).isEqualTo(utc("2024-11-14T07:30:00Z"));
    }
}
