package io.pipeline.calendar.rules;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.Session;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleBasedExchangeTest {

    /** Jerusalem moves its clocks on a Friday (29 March 2024, 02:00 to 03:00), so a weekday open can fall in the gap. */
    private static final class NightExchange extends RuleBasedExchange {

        NightExchange() {
            super("NIGHT", "Night exchange", ZoneId.of("Asia/Jerusalem"),
                    LocalDate.of(2024, 3, 1), LocalDate.of(2024, 4, 30), HoursHistory.always(TradingHours.of(LocalTime.of(2, 30), LocalTime.of(6, 0))));
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
    }

    /** Berlin hours with a lunch break; May 2024 only. Special hours and closures as named in each test. */
    private static final class LunchExchange extends RuleBasedExchange {

        LunchExchange() {
            super("LUNCH", "Lunch exchange", BERLIN, LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 31),
                    HoursHistory.always(TradingHours.withBreak(
                            LocalTime.of(9, 0), LocalTime.of(11, 30), LocalTime.of(12, 30), LocalTime.of(17, 0))));
        }

        @Override
        protected void plan(int year, CalendarPlan plan) {
            plan.closesAt(LocalDate.of(year, 5, 6), LocalTime.of(12, 0));
            plan.closesAt(LocalDate.of(year, 5, 6), LocalTime.of(13, 0));
            plan.opensAt(LocalDate.of(year, 5, 7), LocalTime.of(10, 0));
            plan.opensAt(LocalDate.of(year, 5, 7), LocalTime.of(10, 30));
            plan.closesAt(LocalDate.of(year, 5, 8), LocalTime.of(12, 0));
            plan.opensAt(LocalDate.of(year, 5, 8), LocalTime.of(10, 0));
            plan.closed(LocalDate.of(year, 5, 8), "Closure after the special hours");
            plan.closesAt(LocalDate.of(year, 5, 9), LocalTime.of(11, 0));
            plan.opensAt(LocalDate.of(year, 5, 9), LocalTime.of(10, 0));
        }
    }

    /** Chicago, 17:00 the evening before to 16:00; 2024. A closure observed on the last weekday of the year before. */
    private static final class OvernightExchange extends RuleBasedExchange {

        OvernightExchange() {
            super("OVERNIGHT", "Overnight exchange", ZoneId.of("America/Chicago"),
                    LocalDate.of(2024, 1, 2), LocalDate.of(2024, 12, 31),
                    HoursHistory.always(TradingHours.overnight(LocalTime.of(17, 0), LocalTime.of(16, 0))));
        }

        @Override
        protected void plan(int year, CalendarPlan plan) {
            plan.closed(Holidays.previousWeekday(LocalDate.of(year, 1, 1)), "New Year's Day (observed the year before)");
            plan.closesAt(LocalDate.of(year, 7, 3), LocalTime.of(12, 0));
        }
    }

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final NightExchange rules = new NightExchange();
    private final LunchExchange lunch = new LunchExchange();
    private final OvernightExchange overnight = new OvernightExchange();

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

    @Test
    void a_regular_session_keeps_its_lunch_break() {
        Session friday = lunch.session(LocalDate.of(2024, 5, 3)).orElseThrow();

        assertThat(friday).isEqualTo(new Session(LocalDate.of(2024, 5, 3), berlin(3, 9, 0), berlin(3, 17, 0),
                berlin(3, 11, 30), berlin(3, 12, 30)));
        assertThat(lunch.regularSession(LocalDate.of(2024, 5, 3))).isEqualTo(friday);
    }

    @Test
    void an_early_close_drops_the_break_and_the_first_close_registered_wins() {
        Session monday = lunch.session(LocalDate.of(2024, 5, 6)).orElseThrow();

        assertThat(monday).isEqualTo(Session.of(LocalDate.of(2024, 5, 6), berlin(6, 9, 0), berlin(6, 12, 0)));
        assertThat(lunch.regularSession(LocalDate.of(2024, 5, 6)).hasBreak()).isTrue();
    }

    @Test
    void a_late_open_keeps_the_break_and_the_first_open_registered_wins() {
        Session tuesday = lunch.session(LocalDate.of(2024, 5, 7)).orElseThrow();

        assertThat(tuesday).isEqualTo(new Session(LocalDate.of(2024, 5, 7), berlin(7, 10, 0), berlin(7, 17, 0),
                berlin(7, 11, 30), berlin(7, 12, 30)));
    }

    @Test
    void special_hours_on_a_closure_are_ignored_whatever_the_order_they_were_registered_in() {
        assertThat(lunch.session(LocalDate.of(2024, 5, 8))).isEmpty();
        assertThat(lunch.closureName(LocalDate.of(2024, 5, 8))).isEqualTo("Closure after the special hours");
    }

    @Test
    void a_late_open_and_an_early_close_on_one_day_give_one_stretch_without_break() {
        assertThat(lunch.session(LocalDate.of(2024, 5, 9)).orElseThrow())
                .isEqualTo(Session.of(LocalDate.of(2024, 5, 9), berlin(9, 10, 0), berlin(9, 11, 0)));
    }

    @Test
    void dates_outside_the_bounds_raise_out_of_bounds_naming_the_calendar_and_its_range() {
        for (LocalDate outside : new LocalDate[] {LocalDate.of(2024, 4, 30), LocalDate.of(2024, 6, 3)}) {
            assertThatThrownBy(() -> lunch.session(outside)).isInstanceOf(CalendarOutOfBoundsException.class)
                    .hasMessageContaining("LUNCH").hasMessageContaining("2024-05-01").hasMessageContaining("2024-05-31")
                    .hasMessageContaining(outside.toString());
            assertThatThrownBy(() -> lunch.closureName(outside)).isInstanceOf(CalendarOutOfBoundsException.class);
            assertThatThrownBy(() -> lunch.regularSession(outside)).isInstanceOf(CalendarOutOfBoundsException.class);
        }
    }

    @Test
    void an_overnight_session_opens_the_evening_before_also_on_an_early_close_and_after_a_weekend() {
        ZoneId chicago = ZoneId.of("America/Chicago");
        Session wednesday = overnight.session(LocalDate.of(2024, 7, 3)).orElseThrow();
        Session monday = overnight.session(LocalDate.of(2024, 7, 8)).orElseThrow();

        assertThat(wednesday.open()).isEqualTo(ZonedDateTime.of(2024, 7, 2, 17, 0, 0, 0, chicago).toInstant());
        assertThat(wednesday.close()).isEqualTo(ZonedDateTime.of(2024, 7, 3, 12, 0, 0, 0, chicago).toInstant());
        assertThat(monday.open()).isEqualTo(ZonedDateTime.of(2024, 7, 7, 17, 0, 0, 0, chicago).toInstant());
        assertThat(monday.close()).isEqualTo(ZonedDateTime.of(2024, 7, 8, 16, 0, 0, 0, chicago).toInstant());
    }

    @Test
    void the_year_after_the_last_session_is_planned_so_its_observance_spilling_back_is_kept() {
        assertThat(overnight.session(LocalDate.of(2024, 12, 31))).isEmpty();
        assertThat(overnight.closureName(LocalDate.of(2024, 12, 31))).isEqualTo("New Year's Day (observed the year before)");
    }

    private static Instant berlin(int mayDay, int hour, int minute) {
        return ZonedDateTime.of(2024, 5, mayDay, hour, minute, 0, 0, BERLIN).toInstant();
    }
}
