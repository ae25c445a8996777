package io.pipeline.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronExpressionTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static List<Instant> ticks(String expr, ZoneId zone, String fromUtc, int count) {
        CronExpression cron = CronExpression.parse(expr);
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(fromUtc);
        for (int i = 0; i < count; i++) {
            t = cron.next(t, zone);
            out.add(t);
        }
        return out;
    }

    private static List<Instant> instants(String... utc) {
        return java.util.Arrays.stream(utc).map(Instant::parse).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "61 * * * *      | minute field '61': 61 is out of range 0-59",
            "0 24 * * *      | hour field '24': 24 is out of range 0-23",
            "0 0 0 * *       | day-of-month field '0': 0 is out of range 1-31",
            "0 0 * 13 *      | month field '13': 13 is out of range 1-12",
            "0 0 * * 8       | day-of-week field '8': 8 is out of range 0-7",
            "0 0 * FOO *     | month field 'FOO': 'FOO' is not a number or a name like FEB",
            "*/0 * * * *     | minute field '*/0': step must be at least 1, got 0",
            "0 17-9 * * *    | hour field '17-9': range 17-9 runs backwards",
            "0 0 1,,2 * *    | day-of-month field '1,,2': empty list item",
            "0 0 * *         | expected 5 fields (minute hour day-of-month month day-of-week), got 4",
            "0 0 * * * *     | expected 5 fields (minute hour day-of-month month day-of-week), got 6",
            "@fortnightly    | unknown preset",
            "0 0 30 2 *      | day-of-month field '30' never occurs in the months the month field allows"})
    void rejects_bad_expressions_naming_the_field(String expr, String message) {
        assertThatThrownBy(() -> CronExpression.parse(expr))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("'" + expr.trim() + "'")
                .hasMessageContaining(message);
    }

    @Test
    void rejects_an_empty_expression() {
        assertThatThrownBy(() -> CronExpression.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void understands_lists_ranges_steps_and_names() {
        assertThat(ticks("0,30 9-10 * * MON-FRI", UTC, "2024-03-15T09:10:00Z", 5)).isEqualTo(instants(
                "2024-03-15T09:30:00Z", "2024-03-15T10:00:00Z", "2024-03-15T10:30:00Z",
                "2024-03-18T09:00:00Z", "2024-03-18T09:30:00Z"));
        assertThat(ticks("*/20 * * * *", UTC, "2024-01-01T00:00:00Z", 3)).isEqualTo(instants(
                "2024-01-01T00:20:00Z", "2024-01-01T00:40:00Z", "2024-01-01T01:00:00Z"));
        assertThat(ticks("15 10-20/5 * * *", UTC, "2024-01-01T00:00:00Z", 4)).isEqualTo(instants(
                "2024-01-01T10:15:00Z", "2024-01-01T15:15:00Z", "2024-01-01T20:15:00Z", "2024-01-02T10:15:00Z"));
        assertThat(ticks("0 0 1 jan,Jul *", UTC, "2024-01-01T00:00:00Z", 2)).isEqualTo(instants(
                "2024-07-01T00:00:00Z", "2025-01-01T00:00:00Z"));
        assertThat(ticks("0 12 * * 7", UTC, "2024-03-15T00:00:00Z", 1)).isEqualTo(instants("2024-03-17T12:00:00Z"));
    }

    @Test
    void expands_presets() {
        assertThat(ticks("@daily", UTC, "2024-03-15T10:00:00Z", 1)).isEqualTo(instants("2024-03-16T00:00:00Z"));
        assertThat(ticks("@hourly", UTC, "2024-03-15T10:00:00Z", 1)).isEqualTo(instants("2024-03-15T11:00:00Z"));
        assertThat(ticks("@weekly", UTC, "2024-03-15T10:00:00Z", 1)).isEqualTo(instants("2024-03-17T00:00:00Z"));
        assertThat(ticks("@monthly", UTC, "2024-03-15T10:00:00Z", 1)).isEqualTo(instants("2024-04-01T00:00:00Z"));
        assertThat(ticks("@yearly", UTC, "2024-03-15T10:00:00Z", 1)).isEqualTo(instants("2025-01-01T00:00:00Z"));
    }

    @Test
    void matches_either_day_field_when_both_are_restricted() {
        // The 13th or any Friday (Vixie cron): Fri 2024-09-06, Fri 09-13 (both), Fri 09-20.
        assertThat(ticks("0 0 13 * FRI", UTC, "2024-09-01T00:00:00Z", 3)).isEqualTo(instants(
                "2024-09-06T00:00:00Z", "2024-09-13T00:00:00Z", "2024-09-20T00:00:00Z"));
        // With a star in one day field, the other one decides alone.
        assertThat(ticks("0 0 13 * *", UTC, "2024-09-01T00:00:00Z", 1)).isEqualTo(instants("2024-09-13T00:00:00Z"));
    }

    @Test
    void finds_february_29_across_years() {
        assertThat(ticks("0 0 29 2 *", UTC, "2024-03-01T00:00:00Z", 1)).isEqualTo(instants("2028-02-29T00:00:00Z"));
    }

    @Test
    void new_york_spring_forward_runs_a_0230_job_once_at_the_shifted_instant() {
        // 2024-03-10: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist and runs at 03:30 EDT (07:30Z).
        assertThat(ticks("30 2 * * *", NEW_YORK, "2024-03-09T00:00:00Z", 3)).isEqualTo(instants(
                "2024-03-09T07:30:00Z", "2024-03-10T07:30:00Z", "2024-03-11T06:30:00Z"));
    }

    @Test
    void new_york_fall_back_runs_a_0130_job_once_at_the_first_occurrence() {
        // 2024-11-03: 01:30 occurs at 05:30Z (EDT) and again at 06:30Z (EST); only the first fires.
        assertThat(ticks("30 1 * * *", NEW_YORK, "2024-11-02T00:00:00Z", 3)).isEqualTo(instants(
                "2024-11-02T05:30:00Z", "2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z"));
        CronExpression cron = CronExpression.parse("30 1 * * *");
        assertThat(cron.next(Instant.parse("2024-11-03T05:30:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2024-11-04T06:30:00Z"));
        assertThat(cron.previous(Instant.parse("2024-11-04T06:30:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2024-11-03T05:30:00Z"));
    }

    @Test
    void an_hourly_job_runs_every_absolute_hour_through_both_new_york_transitions() {
        assertThat(ticks("0 * * * *", NEW_YORK, "2024-03-10T05:30:00Z", 3)).isEqualTo(instants(
                "2024-03-10T06:00:00Z", "2024-03-10T07:00:00Z", "2024-03-10T08:00:00Z")); // 01:00 EST, 03:00, 04:00 EDT
        assertThat(ticks("0 * * * *", NEW_YORK, "2024-11-03T04:30:00Z", 3)).isEqualTo(instants(
                "2024-11-03T05:00:00Z", "2024-11-03T06:00:00Z", "2024-11-03T07:00:00Z")); // 01:00 EDT, 01:00 EST, 02:00
    }

    @Test
    void a_job_inside_the_new_york_spring_gap_every_hour_does_not_run_twice() {
        // 30 past each hour from 1 to 4: 02:30 does not exist; 03:30 EDT still fires once.
        assertThat(ticks("30 1-4 * * *", NEW_YORK, "2024-03-10T05:00:00Z", 3)).isEqualTo(instants(
                "2024-03-10T06:30:00Z", "2024-03-10T07:30:00Z", "2024-03-10T08:30:00Z"));
    }

    @Test
    void london_transitions() {
        // 2024-03-31: 01:00 GMT jumps to 02:00 BST, so 01:30 runs at 02:30 BST (01:30Z).
        assertThat(ticks("30 1 * * *", LONDON, "2024-03-30T12:00:00Z", 2)).isEqualTo(instants(
                "2024-03-31T01:30:00Z", "2024-04-01T00:30:00Z"));
        // 2024-10-27: 01:30 occurs at 00:30Z (BST) and 01:30Z (GMT); it runs once, at the first.
        assertThat(ticks("30 1 * * *", LONDON, "2024-10-26T12:00:00Z", 2)).isEqualTo(instants(
                "2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z"));
    }

    @Test
    void sydney_transitions() {
        // 2024-10-06: 02:00 AEST jumps to 03:00 AEDT; 02:30 runs at 03:30 AEDT (16:30Z the day before).
        assertThat(ticks("30 2 * * *", SYDNEY, "2024-10-04T12:00:00Z", 3)).isEqualTo(instants(
                "2024-10-04T16:30:00Z", "2024-10-05T16:30:00Z", "2024-10-06T15:30:00Z"));
        // 2024-04-07: 03:00 AEDT falls back to 02:00 AEST; 02:30 runs once, at 02:30 AEDT (15:30Z).
        assertThat(ticks("30 2 * * *", SYDNEY, "2024-04-05T12:00:00Z", 3)).isEqualTo(instants(
                "2024-04-05T15:30:00Z", "2024-04-06T15:30:00Z", "2024-04-07T16:30:00Z"));
    }

    @Test
    void previous_is_the_mirror_of_next() {
        CronExpression cron = CronExpression.parse("*/15 9-16 * * 1-5");
        Instant t = Instant.parse("2024-03-08T14:00:00Z");
        for (int i = 0; i < 200; i++) {
            Instant next = cron.next(t, NEW_YORK);
            assertThat(cron.previous(next, NEW_YORK)).isBeforeOrEqualTo(t);
            assertThat(cron.next(cron.previous(next, NEW_YORK), NEW_YORK)).isEqualTo(next);
            t = next;
        }
    }

    @Test
    void aligns_to_ticks() {
        CronExpression cron = CronExpression.parse("0 4 * * *");
        Instant tick = Instant.parse("2024-06-03T08:00:00Z");
        assertThat(cron.alignNext(tick, NEW_YORK)).isEqualTo(tick);
        assertThat(cron.alignPrevious(tick, NEW_YORK)).isEqualTo(tick);
        assertThat(cron.alignNext(tick.plusSeconds(1), NEW_YORK)).isEqualTo(Instant.parse("2024-06-04T08:00:00Z"));
        assertThat(cron.alignPrevious(tick.minusSeconds(1), NEW_YORK)).isEqualTo(Instant.parse("2024-06-02T08:00:00Z"));
    }
}
