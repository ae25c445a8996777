package io.pipeline.calendar.rules;

import io.pipeline.calendar.Session;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class RuleBasedExchangeTest {

    /** Jerusalem moves its clocks on a Friday (29 March 2024, 02:00 to 03:00), so a weekday open can fall in the gap. */
    private static final class NightExchange extends RuleBasedExchange {

        NightExchange() {
            super("NIGHT", "Night exchange", ZoneId.of("Asia/Jerusalem"), LocalDate.of(2024, 3, 1), LocalDate.of(2024, 4, 30));
        }

        @Override
        protected void plan(int year, CalendarPlan plan) {
            plan.closed(LocalDate.of(year, 4, 1), "Spring holiday");
            plan.closesAt(LocalDate.of(year, 4, 1), LocalTime.of(4, 0));
            plan.closesAt(LocalDate.of(year, 4, 2), LocalTime.of(4, 0));
            plan.closedIfOn(LocalDate.of(year, 4, 3), "Only on Mondays", DayOfWeek.MONDAY);
        }

        @Override
        protected void adHoc(CalendarPlan plan) {
            plan.closed(LocalDate.of(2024, 4, 1), "Ad hoc name loses to the regular holiday");
            plan.opensAt(LocalDate.of(2024, 4, 4), LocalTime.of(3, 0));
        }

        @Override
        protected LocalTime regularOpen(LocalDate session) {
            return LocalTime.of(2, 30);
        }

        @Override
        protected LocalTime regularClose(LocalDate session) {
            return LocalTime.of(6, 0);
        }
    }

    private final NightExchange rules = new NightExchange();

    @Test
    void an_open_inside_a_dst_gap_moves_forward_by_the_gap_like_zoned_date_time() {
        Session friday = rules.session(LocalDate.of(2024, 3, 29)).orElseThrow();

        assertThat(friday.open()).isEqualTo(Instant.parse("2024-03-29T00:30:00Z"));
        assertThat(friday.close()).isEqualTo(Instant.parse("2024-03-29T03:00:00Z"));
        assertThat(rules.session(LocalDate.of(2024, 3, 28)).orElseThrow().open())
                .isEqualTo(Instant.parse("2024-03-28T00:30:00Z"));
    }

    @Test
    void a_closure_wins_over_special_hours_and_the_first_closure_names_the_day() {
        assertThat(rules.session(LocalDate.of(2024, 4, 1))).isEmpty();
        assertThat(rules.closureName(LocalDate.of(2024, 4, 1))).isEqualTo("Spring holiday");
        assertThat(rules.session(LocalDate.of(2024, 4, 2)).orElseThrow().close())
                .isEqualTo(Instant.parse("2024-04-02T01:00:00Z"));
    }

    @Test
    void a_weekday_restricted_closure_applies_only_on_those_weekdays() {
        assertThat(rules.session(LocalDate.of(2024, 4, 3))).isPresent();
        assertThat(rules.closureName(LocalDate.of(2024, 4, 3))).isNull();
    }

    @Test
    void weekends_are_never_sessions_and_have_no_closure_name() {
        assertThat(rules.session(LocalDate.of(2024, 3, 30))).isEmpty();
        assertThat(rules.closureName(LocalDate.of(2024, 3, 30))).isNull();
    }

    @Test
    void regular_session_ignores_special_hours() {
        LocalDate thursday = LocalDate.of(2024, 4, 4);

        assertThat(rules.session(thursday).orElseThrow().open()).isEqualTo(Instant.parse("2024-04-04T00:00:00Z"));
        assertThat(rules.regularSession(thursday).open()).isEqualTo(Instant.parse("2024-04-03T23:30:00Z"));
    }
}
