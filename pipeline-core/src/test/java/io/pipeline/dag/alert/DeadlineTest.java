package io.pipeline.dag.alert;

import io.pipeline.calendar.Calendars;
import io.pipeline.schedule.DataInterval;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deadline arithmetic, pure: wall-clock times across DST, session closes from the XNYS calendar. */
class DeadlineTest {

    private static final CalendarLookup CALENDARS = Calendars::get;

    private static RunDates day(String date) {
        return RunDates.ofLogicalDate(Instant.parse(date + "T00:00:00Z"));
    }

    private static Instant due(Deadline d, RunDates run) {
        return d.dueAt(run, CALENDARS);
    }

    @Test
    void the_same_wall_clock_deadline_moves_an_hour_in_utc_across_spring_forward() {
        Deadline d = Deadline.by("18:00", "America/New_York");
        assertThat(due(d, day("2024-03-08"))).isEqualTo("2024-03-08T23:00:00Z");
        assertThat(due(d, day("2024-03-11"))).isEqualTo("2024-03-11T22:00:00Z");
    }

    @Test
    void a_time_skipped_by_spring_forward_resolves_to_the_same_time_after_the_shift() {
        // 02:30 does not exist in New York on 2024-03-10; it is taken as 03:30 EDT.
        assertThat(due(Deadline.by("02:30", "America/New_York"), day("2024-03-10"))).isEqualTo("2024-03-10T07:30:00Z");
    }

    @Test
    void a_time_repeated_by_fall_back_resolves_to_its_first_occurrence() {
        // 01:30 happens twice in New York on 2024-11-03; the earlier (EDT) one is the deadline.
        assertThat(due(Deadline.by("01:30", "America/New_York"), day("2024-11-03"))).isEqualTo("2024-11-03T05:30:00Z");
    }

    @Test
    void a_session_run_is_held_to_its_session_day_not_its_logical_dates_utc_day() {
        RunDates run = new RunDates(Instant.parse("2024-03-08T21:00:00Z"),
                DataInterval.between(Instant.parse("2024-03-08T21:00:00Z"), Instant.parse("2024-03-11T20:00:00Z")),
                LocalDate.of(2024, 3, 11));
        assertThat(due(Deadline.by("18:00", "America/New_York"), run)).isEqualTo("2024-03-11T22:00:00Z");
    }

    @Test
    void after_the_session_close_follows_the_exchanges_clock_across_dst() {
        Deadline d = Deadline.afterSessionClose(Duration.ofMinutes(30), "XNYS");
        assertThat(due(d, day("2024-03-08"))).isEqualTo("2024-03-08T21:30:00Z");
        assertThat(due(d, day("2024-03-11"))).isEqualTo("2024-03-11T20:30:00Z");
    }

    @Test
    void after_the_session_close_honours_an_early_close() {
        // The day after Thanksgiving closes at 13:00 New York time.
        assertThat(due(Deadline.afterSessionClose(Duration.ofMinutes(30), "XNYS"), day("2024-11-29")))
                .isEqualTo("2024-11-29T18:30:00Z");
    }

    @Test
    void a_run_on_a_day_without_a_session_is_held_to_the_next_sessions_close() {
        assertThat(due(Deadline.afterSessionClose(Duration.ofHours(1), "XNYS"), day("2024-03-09")))
                .isEqualTo("2024-03-11T21:00:00Z");
    }

    @Test
    void after_the_data_interval_ends_adds_to_the_intervals_end() {
        RunDates run = new RunDates(Instant.parse("2024-03-09T00:00:00Z"),
                DataInterval.between(Instant.parse("2024-03-09T00:00:00Z"), Instant.parse("2024-03-10T00:00:00Z")),
                null);
        assertThat(due(Deadline.afterIntervalEnd(Duration.ofHours(6)), run)).isEqualTo("2024-03-10T06:00:00Z");
    }

    @Test
    void describes_itself_for_people() {
        assertThat(Deadline.by("18:00", "America/New_York").describe()).isEqualTo("by 18:00 America/New_York");
        assertThat(Deadline.afterIntervalEnd(Duration.ofMinutes(90)).describe())
                .isEqualTo("within 1h 30m after the data interval ends");
        assertThat(Deadline.afterSessionClose(Duration.ofMinutes(30), "XNYS").describe())
                .isEqualTo("within 30m after the XNYS close");
    }

    @Test
    void bad_input_is_named() {
        assertThatThrownBy(() -> Deadline.by("25:00", "America/New_York"))
                .hasMessage("deadline time '25:00' is not HH:mm");
        assertThatThrownBy(() -> Deadline.by("18:00", "America/Nowhere"))
                .hasMessage("deadline zone 'America/Nowhere' is not an IANA time-zone id");
        assertThatThrownBy(() -> Deadline.afterIntervalEnd(Duration.ofMinutes(-1)))
                .hasMessage("deadline duration must not be negative, got PT-1M");
        assertThatThrownBy(() -> Deadline.afterSessionClose(Duration.ZERO, " "))
                .hasMessage("deadline after session close needs a calendar code");
    }

    @Test
    void durations_read_like_people_write_them() {
        assertThat(Durations.humanize(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(Durations.humanize(Duration.ofSeconds(3_930))).isEqualTo("1h 5m");
        assertThat(Durations.humanize(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.humanize(Duration.ofDays(2).plusHours(3))).isEqualTo("2d 3h");
        assertThat(Durations.humanize(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.humanize(Duration.ZERO)).isEqualTo("0s");
    }
}
