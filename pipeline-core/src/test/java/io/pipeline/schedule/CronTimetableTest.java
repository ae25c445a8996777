package io.pipeline.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CronTimetableTest {

    private static final CronTimetable WEEKDAYS_4AM = Schedules.cron("0 4 * * 1-5", "America/New_York");

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void the_first_run_covers_the_interval_starting_at_the_aligned_start_date() {
        // Start Wed 2024-01-03 00:00 New York: the first tick at or after it is Wed 04:00 (09:00Z).
        TimeRestriction r = new TimeRestriction(at("2024-01-03T05:00:00Z"), null, true);
        DagRunInfo first = WEEKDAYS_4AM.nextRun(null, r, at("2024-06-01T00:00:00Z")).orElseThrow();
        assertThat(first.logicalDate()).isEqualTo(at("2024-01-03T09:00:00Z"));
        assertThat(first.dataInterval()).isEqualTo(DataInterval.between(at("2024-01-03T09:00:00Z"), at("2024-01-04T09:00:00Z")));
        assertThat(first.runAfter()).isEqualTo(at("2024-01-04T09:00:00Z"));
        assertThat(first.session()).isNull();
    }

    @Test
    void catchup_creates_each_missed_interval_in_turn_skipping_the_weekend() {
        TimeRestriction r = new TimeRestriction(at("2024-01-04T05:00:00Z"), null, true);
        DagRunInfo thu = WEEKDAYS_4AM.nextRun(null, r, at("2024-06-01T00:00:00Z")).orElseThrow();
        DagRunInfo fri = WEEKDAYS_4AM.nextRun(thu, r, at("2024-06-01T00:00:00Z")).orElseThrow();
        assertThat(thu.logicalDate()).isEqualTo(at("2024-01-04T09:00:00Z"));
        assertThat(fri.logicalDate()).isEqualTo(at("2024-01-05T09:00:00Z"));
        // Friday's interval ends at Monday's tick.
        assertThat(fri.runAfter()).isEqualTo(at("2024-01-08T09:00:00Z"));
    }

    @Test
    void without_catchup_only_the_latest_due_run_is_created() {
        TimeRestriction r = new TimeRestriction(at("2024-01-01T05:00:00Z"), null, false);
        Instant now = at("2024-03-13T15:00:00Z"); // Wednesday 11:00 New York
        DagRunInfo run = WEEKDAYS_4AM.nextRun(null, r, now).orElseThrow();
        // The latest interval that has ended: Tue 04:00 to Wed 04:00.
        assertThat(run.logicalDate()).isEqualTo(at("2024-03-12T08:00:00Z"));
        assertThat(run.runAfter()).isEqualTo(at("2024-03-13T08:00:00Z"));
        // After that one, the next is not due yet and comes in its turn.
        DagRunInfo next = WEEKDAYS_4AM.nextRun(run, r, now).orElseThrow();
        assertThat(next.logicalDate()).isEqualTo(at("2024-03-13T08:00:00Z"));
        assertThat(next.runAfter()).isAfter(now);
    }

    @Test
    void without_catchup_a_stale_last_run_jumps_to_the_latest_due_one() {
        TimeRestriction r = new TimeRestriction(at("2024-01-01T05:00:00Z"), null, false);
        DagRunInfo stale = WEEKDAYS_4AM.nextRun(null, new TimeRestriction(at("2024-01-01T05:00:00Z"), null, true),
                null).orElseThrow();
        DagRunInfo run = WEEKDAYS_4AM.nextRun(stale, r, at("2024-03-13T15:00:00Z")).orElseThrow();
        assertThat(run.logicalDate()).isEqualTo(at("2024-03-12T08:00:00Z"));
    }

    @Test
    void without_catchup_and_a_future_start_date_the_first_future_run_comes() {
        TimeRestriction r = new TimeRestriction(at("2024-05-01T04:00:00Z"), null, false);
        DagRunInfo run = WEEKDAYS_4AM.nextRun(null, r, at("2024-03-13T15:00:00Z")).orElseThrow();
        assertThat(run.logicalDate()).isEqualTo(at("2024-05-01T08:00:00Z"));
    }

    @Test
    void stops_after_the_end_date() {
        TimeRestriction r = new TimeRestriction(at("2024-01-03T05:00:00Z"), at("2024-01-04T09:00:00Z"), true);
        DagRunInfo wed = WEEKDAYS_4AM.nextRun(null, r, null).orElseThrow();
        DagRunInfo thu = WEEKDAYS_4AM.nextRun(wed, r, null).orElseThrow();
        assertThat(WEEKDAYS_4AM.nextRun(thu, r, null)).isEmpty();
    }

    @Test
    void with_catchup_and_no_start_date_nothing_is_scheduled() {
        assertThat(WEEKDAYS_4AM.nextRun(null, new TimeRestriction(null, null, true), null)).isEmpty();
    }

    @Test
    void a_manual_run_covers_the_last_complete_interval_before_its_logical_date() {
        DataInterval d = Schedules.cron("@daily", "UTC").manualDataInterval(at("2024-03-25T01:00:00Z"));
        assertThat(d).isEqualTo(DataInterval.between(at("2024-03-24T00:00:00Z"), at("2024-03-25T00:00:00Z")));
    }

    @Test
    void runs_between_lists_the_backfill_runs_by_logical_date() {
        List<DagRunInfo> runs = WEEKDAYS_4AM.runsBetween(at("2024-03-07T00:00:00Z"), at("2024-03-12T23:00:00Z"));
        assertThat(runs).extracting(DagRunInfo::logicalDate).containsExactly(
                at("2024-03-07T09:00:00Z"), at("2024-03-08T09:00:00Z"), // Thu, Fri (EST)
                at("2024-03-11T08:00:00Z"), at("2024-03-12T08:00:00Z")); // Mon, Tue (EDT after 03-10)
    }

    @Test
    void a_daily_new_york_schedule_keeps_local_time_across_dst_with_23_and_25_hour_intervals() {
        CronTimetable daily = Schedules.cron("0 0 * * *", "America/New_York");
        List<DagRunInfo> runs = daily.runsBetween(at("2024-03-09T05:00:00Z"), at("2024-03-10T05:00:00Z"));
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1).dataInterval()).isEqualTo(
                DataInterval.between(at("2024-03-10T05:00:00Z"), at("2024-03-11T04:00:00Z"))); // 23 hours
        List<DagRunInfo> fall = daily.runsBetween(at("2024-11-03T04:00:00Z"), at("2024-11-03T04:00:00Z"));
        assertThat(fall.get(0).dataInterval()).isEqualTo(
                DataInterval.between(at("2024-11-03T04:00:00Z"), at("2024-11-04T05:00:00Z"))); // 25 hours
    }

    @Test
    void describes_itself_in_words() {
        assertThat(WEEKDAYS_4AM.description()).isEqualTo("at 04:00 America/New_York on Monday through Friday");
        assertThat(WEEKDAYS_4AM.expression()).isEqualTo("0 4 * * 1-5");
        assertThat(Schedules.cron("@daily", "UTC").description()).isEqualTo("daily at 00:00 UTC");
        assertThat(Schedules.cron("*/15 * * * *", "UTC").description()).isEqualTo("every 15 minutes UTC");
        assertThat(Schedules.cron("0 * * * *", "UTC").description()).isEqualTo("every hour at :00 UTC");
        assertThat(Schedules.cron("30 9 1,15 * *", "Europe/London").description())
                .isEqualTo("at 09:30 Europe/London on days 1 and 15 of the month");
        assertThat(Schedules.cron("0 6 * 1 SAT,SUN", "UTC").description())
                .isEqualTo("at 06:00 UTC on Sunday and Saturday in January");
        assertThat(Schedules.cron("*/30 9-16 * * 1-5", "America/New_York").description())
                .isEqualTo("every 30 minutes during hours 09 through 16 America/New_York on Monday through Friday");
        assertThat(Schedules.manual().description()).isEqualTo("manual");
    }
}
