package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XtaiRules;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.pipeline.calendar.exchange.world.Fixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.world.Fixtures.date;
import static io.pipeline.calendar.exchange.world.Fixtures.earlyCloses;
import static io.pipeline.calendar.exchange.world.Fixtures.session;
import static io.pipeline.calendar.exchange.world.Fixtures.utc;
import static io.pipeline.calendar.exchange.world.Fixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** XTAI against the TWSE's published holiday schedules, its typhoon closures, and the rule used after them. */
class XtaiRulesTest {

    private final ExchangeRules xtai = new XtaiRules();

    @Test
    void closures_of_2024_from_the_twse_schedule_and_the_three_typhoons() {
        assertThat(closedWeekdays(xtai, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-02-06", "2024-02-07", "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13",
                "2024-02-14", "2024-02-28", "2024-04-04", "2024-04-05", "2024-05-01", "2024-06-10", "2024-07-24",
                "2024-07-25", "2024-09-17", "2024-10-02", "2024-10-03", "2024-10-10", "2024-10-31"));
        assertThat(xtai.closureName(date("2024-02-06"))).isEqualTo("No trading (settlement only)");
        assertThat(xtai.closureName(date("2024-10-31"))).isEqualTo("Typhoon Kong-rey");
        assertThat(xtai.session(date("2024-02-15"))).isPresent();
    }

    @Test
    void closures_of_2025_from_the_twse_schedule_with_the_holidays_added_that_year() {
        assertThat(closedWeekdays(xtai, 2025)).containsExactlyElementsOf(weekdaysOf(
                "2025-01-01", "2025-01-23", "2025-01-24", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30",
                "2025-01-31", "2025-02-28", "2025-04-03", "2025-04-04", "2025-05-01", "2025-05-30", "2025-09-29",
                "2025-10-06", "2025-10-10", "2025-10-24", "2025-12-25"));
    }

    @Test
    void the_rule_used_from_2026_reproduces_2024_and_2025_given_their_bridge_days() {
        List<LocalDate> published2024 = new ArrayList<>(closedWeekdays(xtai, 2024));
        published2024.removeAll(weekdaysOf("2024-07-24", "2024-07-25", "2024-10-02", "2024-10-03", "2024-10-31"));
        assertThat(XtaiRules.closuresByRule(2024, List.of(date("2024-02-08"))).keySet())
                .containsExactlyElementsOf(published2024);
        assertThat(XtaiRules.closuresByRule(2025, List.of(date("2025-01-27"))).keySet())
                .containsExactlyElementsOf(closedWeekdays(xtai, 2025));
    }

    @Test
    void computed_years_follow_the_rule_through_2036() {
        assertThat(new XtaiRules().computedFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
        // 2026: Lunar New Year Tuesday 17 February; the day before the eve (Sunday 15th) adds Friday 20th; no
        // trading on 12 and 13 February. Children's Day (Saturday 4 April) to Friday 3rd, Tomb-Sweeping (Sunday 5th)
        // to Monday 6th.
        assertThat(closedWeekdays(xtai, 2026)).contains(date("2026-02-12"), date("2026-02-13"), date("2026-02-16"),
                date("2026-02-20"), date("2026-04-03"), date("2026-04-06"));
        assertThat(xtai.session(date("2026-02-11"))).isPresent();
        assertThat(xtai.session(date("2026-02-23"))).isPresent();
        // New Year's Day 2028 on a Saturday closes Friday 31 December 2027.
        assertThat(xtai.closureName(date("2027-12-31"))).isEqualTo("New Year's Day");
        assertThat(xtai.session(date("2036-12-31"))).isPresent();
        assertThat(earlyCloses(xtai, 2036)).isEmpty();
    }

    @Test
    void sessions_run_09_00_to_13_30_taipei_time_without_a_break() {
        ExchangeCalendar c = Calendars.get("XTAI");
        assertThat(session(xtai, "2024-06-14").open()).isEqualTo(utc("2024-06-14T01:00:00Z"));
        assertThat(session(xtai, "2024-06-14").close()).isEqualTo(utc("2024-06-14T05:30:00Z"));
        assertThat(session(xtai, "2024-06-14").breakStart()).isNull();
        assertThat(c.isOpenAt(utc("2024-06-14T04:00:00Z"))).isTrue();
        assertThat(c.isOpenAt(utc("2024-06-14T05:30:00Z"))).isFalse();
    }
}
