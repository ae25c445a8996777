package io.pipeline.calendar;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static io.pipeline.calendar.TestExchange.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compiled calendar's contract on a small exchange with breaks, a late open and a half day. */
class IndexedCalendarTest {

    private final ExchangeCalendar calendar = IndexedCalendar.compile(new TestExchange());

    private static LocalDate jan(int day) {
        return LocalDate.of(2024, 1, day);
    }

    @Test
    void bounds_are_the_first_and_last_sessions_the_rules_give() {
        assertThat(calendar.firstSession()).isEqualTo(jan(2));
        assertThat(calendar.lastSession()).isEqualTo(jan(31));
        assertThat(calendar.code()).isEqualTo("TEST");
        assertThat(calendar.zone()).isEqualTo(TestExchange.ZONE);
    }

    @Test
    void a_session_keeps_its_break_and_trading_minutes_exclude_it() {
        assertThat(calendar.sessionBreakStart(jan(8))).contains(at(jan(8), 11, 30));
        assertThat(calendar.sessionBreakEnd(jan(8))).contains(at(jan(8), 12, 30));
        assertThat(calendar.tradingMinutes(jan(8))).isEqualTo(300);
        assertThat(calendar.tradingMinutes(jan(5))).isEqualTo(150);
        assertThat(calendar.sessionBreakStart(jan(5))).isEqualTo(Optional.empty());
    }

    @Test
    void is_open_at_the_open_and_after_the_break_but_not_at_the_close_or_during_the_break() {
        LocalDate d = jan(8);
        assertThat(calendar.isOpenAt(at(d, 9, 0))).isTrue();
        assertThat(calendar.isOpenAt(at(d, 9, 0).minusSeconds(1))).isFalse();
        assertThat(calendar.isOpenAt(at(d, 11, 30).minusNanos(1))).isTrue();
        assertThat(calendar.isOpenAt(at(d, 11, 30))).isFalse();
        assertThat(calendar.isOpenAt(at(d, 12, 30).minusNanos(1))).isFalse();
        assertThat(calendar.isOpenAt(at(d, 12, 30))).isTrue();
        assertThat(calendar.isOpenAt(at(d, 15, 0).minusNanos(1))).isTrue();
        assertThat(calendar.isOpenAt(at(d, 15, 0))).isFalse();
    }

    @Test
    void early_closes_and_late_opens_are_measured_against_the_regular_hours() {
        assertThat(calendar.earlyCloses(jan(2), jan(31))).containsExactly(jan(5));
        assertThat(calendar.lateOpens(jan(2), jan(31))).containsExactly(jan(4));
        assertThat(calendar.earlyCloses(jan(8), jan(31))).isEmpty();
    }

    @Test
    void holidays_name_weekday_closures_and_leave_out_weekends() {
        assertThat(calendar.holidays(jan(2), jan(31))).containsExactly(java.util.Map.entry(jan(3), "Bank holiday"));
        assertThat(calendar.holidays(jan(6), jan(7))).isEmpty();
    }

    @Test
    void next_and_previous_session_skip_closures_and_weekends_from_any_date() {
        assertThat(calendar.nextSession(jan(2))).isEqualTo(jan(4));
        assertThat(calendar.nextSession(jan(3))).isEqualTo(jan(4));
        assertThat(calendar.nextSession(jan(6))).isEqualTo(jan(8));
        assertThat(calendar.previousSession(jan(8))).isEqualTo(jan(5));
        assertThat(calendar.previousSession(jan(7))).isEqualTo(jan(5));
        assertThat(calendar.previousSession(jan(4))).isEqualTo(jan(2));
    }

    @Test
    void session_offset_counts_sessions_both_ways_and_needs_a_session() {
        assertThat(calendar.sessionOffset(jan(2), 0)).isEqualTo(jan(2));
        assertThat(calendar.sessionOffset(jan(2), 3)).isEqualTo(jan(8));
        assertThat(calendar.sessionOffset(jan(8), -3)).isEqualTo(jan(2));
        assertThatThrownBy(() -> calendar.sessionOffset(jan(3), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2024-01-03 is not a session of TEST");
        assertThatThrownBy(() -> calendar.sessionOffset(jan(2), -1)).isInstanceOf(CalendarOutOfBoundsException.class);
        assertThatThrownBy(() -> calendar.sessionOffset(jan(31), Integer.MAX_VALUE))
                .isInstanceOf(CalendarOutOfBoundsException.class);
    }

    @Test
    void sessions_in_range_are_inclusive_and_may_be_empty() {
        assertThat(calendar.sessionsInRange(jan(2), jan(8))).containsExactly(jan(2), jan(4), jan(5), jan(8));
        assertThat(calendar.sessionsInRange(jan(6), jan(7))).isEmpty();
        assertThat(calendar.sessionsInRange(jan(3), jan(3))).isEmpty();
        assertThat(calendar.sessions(jan(4), jan(4))).extracting(Session::date).containsExactly(jan(4));
    }

    @Test
    void a_reversed_range_is_rejected_naming_both_dates() {
        assertThatThrownBy(() -> calendar.sessionsInRange(jan(9), jan(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 2024-01-09 is after to 2024-01-08");
    }

    @Test
    void session_of_a_closure_is_rejected_naming_the_date() {
        assertThatThrownBy(() -> calendar.session(jan(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2024-01-03");
    }

    @Test
    void dates_outside_the_bounds_fail_with_the_calendar_and_its_bounds_named() {
        assertThatThrownBy(() -> calendar.isSession(jan(1)))
                .isInstanceOf(CalendarOutOfBoundsException.class)
                .hasMessage("calendar TEST covers sessions 2024-01-02 to 2024-01-31; 2024-01-01 is outside that range");
        assertThatThrownBy(() -> calendar.sessionsInRange(jan(2), LocalDate.of(2024, 2, 1)))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageContaining("2024-02-01");
        assertThatThrownBy(() -> calendar.holidays(LocalDate.of(2023, 12, 31), jan(5)))
                .isInstanceOf(CalendarOutOfBoundsException.class);
        assertThatThrownBy(() -> calendar.nextSession(jan(31)))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageContaining("the session after 2024-01-31");
        assertThatThrownBy(() -> calendar.previousSession(jan(2)))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageContaining("the session before 2024-01-02");
    }

    @Test
    void instants_outside_the_first_open_and_last_close_fail_with_the_bounds_named() {
        Instant firstOpen = at(jan(2), 9, 0);
        Instant lastClose = at(jan(31), 15, 0);
        assertThatThrownBy(() -> calendar.isOpenAt(firstOpen.minusNanos(1)))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageContaining("TEST");
        assertThatThrownBy(() -> calendar.nextOpen(lastClose.plusNanos(1)))
                .isInstanceOf(CalendarOutOfBoundsException.class);
        assertThat(calendar.isOpenAt(firstOpen)).isTrue();
        assertThat(calendar.isOpenAt(lastClose)).isFalse();
        assertThatThrownBy(() -> calendar.nextClose(lastClose))
                .isInstanceOf(CalendarOutOfBoundsException.class).hasMessageContaining("the close after");
    }

    @Test
    void next_open_and_next_close_are_strictly_after_the_instant() {
        assertThat(calendar.nextOpen(at(jan(2), 9, 0))).isEqualTo(at(jan(4), 10, 0));
        assertThat(calendar.nextOpen(at(jan(4), 9, 59))).isEqualTo(at(jan(4), 10, 0));
        assertThat(calendar.nextClose(at(jan(2), 15, 0))).isEqualTo(at(jan(4), 15, 0));
        assertThat(calendar.nextClose(at(jan(5), 10, 0))).isEqualTo(at(jan(5), 11, 30));
    }

    @Test
    void minute_to_session_uses_the_session_it_falls_in_or_the_direction_outside_sessions() {
        assertThat(calendar.minuteToSession(at(jan(4), 12, 0), ExchangeCalendar.Direction.NONE)).isEqualTo(jan(4));
        Instant wednesdayNight = at(jan(3), 20, 0);
        assertThat(calendar.minuteToSession(wednesdayNight, ExchangeCalendar.Direction.NEXT)).isEqualTo(jan(4));
        assertThat(calendar.minuteToSession(wednesdayNight, ExchangeCalendar.Direction.PREVIOUS)).isEqualTo(jan(2));
        assertThat(calendar.minuteToSession(at(jan(2), 15, 0), ExchangeCalendar.Direction.NEXT)).isEqualTo(jan(4));
        assertThatThrownBy(() -> calendar.minuteToSession(wednesdayNight, ExchangeCalendar.Direction.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not within a session of TEST");
    }

    @Test
    void returned_lists_cannot_be_modified() {
        assertThatThrownBy(() -> calendar.sessionsInRange(jan(2), jan(8)).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> calendar.holidays(jan(2), jan(8)).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
