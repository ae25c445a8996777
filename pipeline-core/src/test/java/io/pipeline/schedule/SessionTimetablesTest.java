package io.pipeline.schedule;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTimetablesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ExchangeCalendar XNYS = Calendars.get("XNYS");

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    private static Instant midnight(String date, ZoneId zone) {
        return LocalDate.parse(date).atStartOfDay(zone).toInstant();
    }

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    /** Catchup from {@code start}: what the scheduler creates one run after another. */
    private static List<DagRunInfo> catchup(Timetable t, Instant start, int count) {
        TimeRestriction r = new TimeRestriction(start, null, true);
        List<DagRunInfo> out = new ArrayList<>();
        DagRunInfo last = null;
        for (int i = 0; i < count; i++) {
            last = t.nextRun(last, r, null).orElseThrow();
            out.add(last);
        }
        return out;
    }

    @Test
    void every_session_at_a_local_time_uses_the_session_as_logical_date() {
        SessionTimeTimetable t = Schedules.onSessions("XNYS").at("04:00", "America/New_York");
        DagRunInfo run = t.runFor(d("2024-04-01"));
        assertThat(run.session()).isEqualTo(d("2024-04-01"));
        assertThat(run.logicalDate()).isEqualTo(midnight("2024-04-01", NEW_YORK));
        assertThat(run.runAfter()).isEqualTo(at("2024-04-01T08:00:00Z"));
        // Good Friday (03-29) is not a session: the interval runs from Thursday's run time.
        assertThat(run.dataInterval()).isEqualTo(DataInterval.between(at("2024-03-28T08:00:00Z"), at("2024-04-01T08:00:00Z")));
        assertThat(t.description()).isEqualTo("04:00 America/New_York on XNYS sessions");
    }

    @Test
    void catchup_over_a_holiday_week_creates_runs_for_sessions_only() {
        // Christmas 2024 to the national day of mourning for President Carter (2025-01-09).
        SessionTimeTimetable t = Schedules.onSessions("XNYS").at("04:00", "America/New_York");
        List<DagRunInfo> runs = catchup(t, midnight("2024-12-23", NEW_YORK), 11);
        assertThat(runs).extracting(DagRunInfo::session).containsExactly(
                d("2024-12-23"), d("2024-12-24"), d("2024-12-26"), d("2024-12-27"), d("2024-12-30"),
                d("2024-12-31"), d("2025-01-02"), d("2025-01-03"), d("2025-01-06"), d("2025-01-07"),
                d("2025-01-08"));
        DagRunInfo afterMourning = t.nextRun(runs.get(10), new TimeRestriction(null, null, true), null).orElseThrow();
        assertThat(afterMourning.session()).isEqualTo(d("2025-01-10"));
        assertThat(afterMourning.dataInterval().start()).isEqualTo(at("2025-01-08T09:00:00Z"));
    }

    @Test
    void backfill_iterates_sessions_only() {
        SessionTimeTimetable t = Schedules.onSessions("XNYS").at("18:00", "America/New_York");
        List<DagRunInfo> runs = t.runsBetween(midnight("2024-03-25", NEW_YORK), midnight("2024-04-02", NEW_YORK));
        assertThat(runs).extracting(DagRunInfo::session).containsExactly(
                d("2024-03-25"), d("2024-03-26"), d("2024-03-27"), d("2024-03-28"), d("2024-04-01"), d("2024-04-02"));
    }

    @Test
    void the_run_time_keeps_its_local_time_across_the_new_york_dst_change() {
        SessionTimeTimetable t = Schedules.onSessions("XNYS").at("04:00", "America/New_York");
        assertThat(t.runFor(d("2024-03-08")).runAfter()).isEqualTo(at("2024-03-08T09:00:00Z")); // EST
        DagRunInfo monday = t.runFor(d("2024-03-11"));
        assertThat(monday.runAfter()).isEqualTo(at("2024-03-11T08:00:00Z")); // EDT
        assertThat(monday.dataInterval().start()).isEqualTo(at("2024-03-08T09:00:00Z"));
        assertThat(t.runFor(d("2024-11-01")).runAfter()).isEqualTo(at("2024-11-01T08:00:00Z"));
        assertThat(t.runFor(d("2024-11-04")).runAfter()).isEqualTo(at("2024-11-04T09:00:00Z"));
    }

    @Test
    void london_and_sydney_closes_follow_their_own_dst_changes() {
        SessionEventTimetable london = Schedules.sessionClose("XLON");
        // Good Friday and Easter Monday closed; BST starts 2024-03-31.
        List<DagRunInfo> l = london.runsBetween(midnight("2024-03-28", ZoneId.of("Europe/London")),
                midnight("2024-04-02", ZoneId.of("Europe/London")));
        assertThat(l).extracting(DagRunInfo::runAfter).containsExactly(at("2024-03-28T16:30:00Z"), at("2024-04-02T15:30:00Z"));
        assertThat(l.get(1).dataInterval()).isEqualTo(DataInterval.between(at("2024-03-28T16:30:00Z"), at("2024-04-02T15:30:00Z")));

        SessionEventTimetable sydney = Schedules.sessionClose("XASX");
        ZoneId syd = ZoneId.of("Australia/Sydney");
        // AEDT ends 2024-04-07 (16:00 moves from 05:00Z to 06:00Z); it starts again 2024-10-06.
        assertThat(sydney.runsBetween(midnight("2024-04-05", syd), midnight("2024-04-08", syd)))
                .extracting(DagRunInfo::runAfter).containsExactly(at("2024-04-05T05:00:00Z"), at("2024-04-08T06:00:00Z"));
        assertThat(sydney.runsBetween(midnight("2024-10-04", syd), midnight("2024-10-07", syd)))
                .extracting(DagRunInfo::runAfter).containsExactly(at("2024-10-04T06:00:00Z"), at("2024-10-07T05:00:00Z"));
        assertThat(sydney.runFor(d("2024-04-08")).logicalDate()).isEqualTo(midnight("2024-04-08", syd));
    }

    @Test
    void close_plus_30_minutes_over_a_year_moves_with_early_closes() {
        SessionEventTimetable t = Schedules.sessionClose("XNYS").plus(Duration.ofMinutes(30));
        List<DagRunInfo> runs = t.runsBetween(midnight("2024-01-01", NEW_YORK), midnight("2024-12-31", NEW_YORK));

        assertThat(runs).hasSize(XNYS.sessionsInRange(d("2024-01-01"), d("2024-12-31")).size()).hasSize(252);
        List<LocalDate> atHalfPastOne = new ArrayList<>();
        for (DagRunInfo run : runs) {
            LocalTime local = run.runAfter().atZone(NEW_YORK).toLocalTime();
            assertThat(run.runAfter()).isEqualTo(XNYS.sessionClose(run.session()).plus(Duration.ofMinutes(30)));
            assertThat(run.runAfter().atZone(NEW_YORK).toLocalDate()).isEqualTo(run.session());
            assertThat(local).isIn(LocalTime.of(16, 30), LocalTime.of(13, 30));
            if (local.equals(LocalTime.of(13, 30))) {
                atHalfPastOne.add(run.session());
            }
        }
        assertThat(atHalfPastOne).containsExactly(d("2024-07-03"), d("2024-11-29"), d("2024-12-24"));
        assertThat(atHalfPastOne).isEqualTo(XNYS.earlyCloses(d("2024-01-01"), d("2024-12-31")));
        // The data interval is close to close; the day after Thanksgiving starts from Wednesday's close.
        DagRunInfo blackFriday = runs.stream().filter(r -> r.session().equals(d("2024-11-29"))).findFirst().orElseThrow();
        assertThat(blackFriday.dataInterval()).isEqualTo(
                DataInterval.between(at("2024-11-27T21:00:00Z"), at("2024-11-29T18:00:00Z")));
        assertThat(t.description()).isEqualTo("30 min after the XNYS close");
        assertThat(t.expression()).isEqualTo("session_close(XNYS)+PT30M");
    }

    @Test
    void describes_offsets_before_and_after_events() {
        assertThat(Schedules.sessionOpen("XNYS").minus(Duration.ofMinutes(90)).description())
                .isEqualTo("1 h 30 min before the XNYS open");
        assertThat(Schedules.sessionOpen("XNYS").description()).isEqualTo("at the XNYS open");
        assertThat(Schedules.breakEnd("XTKS").plus(Duration.ofMinutes(5)).description())
                .isEqualTo("5 min after the XTKS break end");
    }

    @Test
    void tokyo_lunch_break_start_and_end_are_targeted() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        SessionEventTimetable start = Schedules.breakStart("XTKS");
        SessionEventTimetable end = Schedules.breakEnd("XTKS");
        DagRunInfo s = start.runFor(d("2024-11-05"));
        DagRunInfo e = end.runFor(d("2024-11-05"));
        assertThat(s.runAfter().atZone(tokyo).toLocalTime()).isEqualTo(LocalTime.of(11, 30));
        assertThat(e.runAfter().atZone(tokyo).toLocalTime()).isEqualTo(LocalTime.of(12, 30));
        assertThat(s.dataInterval()).isEqualTo(DataInterval.between(at("2024-11-01T02:30:00Z"), at("2024-11-05T02:30:00Z")));
        assertThat(s.logicalDate()).isEqualTo(midnight("2024-11-05", tokyo));
        // Across the year end (Tokyo closes 12-31 to 01-03) the break runs pick up on 2025-01-06.
        assertThat(end.runsBetween(midnight("2024-12-30", tokyo), midnight("2025-01-06", tokyo)))
                .extracting(DagRunInfo::runAfter).containsExactly(at("2024-12-30T03:30:00Z"), at("2025-01-06T03:30:00Z"));
        // The close moved from 15:00 to 15:30 on 2024-11-05.
        SessionEventTimetable close = Schedules.sessionClose("XTKS");
        assertThat(close.runFor(d("2024-11-01")).runAfter().atZone(tokyo).toLocalTime()).isEqualTo(LocalTime.of(15, 0));
        assertThat(close.runFor(d("2024-11-05")).runAfter().atZone(tokyo).toLocalTime()).isEqualTo(LocalTime.of(15, 30));
    }

    @Test
    void break_schedules_skip_half_days_without_a_break() {
        ZoneId hk = ZoneId.of("Asia/Hong_Kong");
        // Hong Kong's Christmas Eve half day (2024-12-24) has no lunch break.
        List<DagRunInfo> runs = Schedules.breakStart("XHKG").runsBetween(midnight("2024-12-23", hk), midnight("2024-12-27", hk));
        assertThat(runs).extracting(DagRunInfo::session).doesNotContain(d("2024-12-24")).contains(d("2024-12-23"));
        assertThat(Schedules.sessionClose("XHKG").runsBetween(midnight("2024-12-24", hk), midnight("2024-12-24", hk)))
                .extracting(DagRunInfo::runAfter).containsExactly(at("2024-12-24T04:00:00Z"));
    }

    @Test
    void cme_sessions_open_the_evening_before_their_date() {
        ZoneId chicago = ZoneId.of("America/Chicago");
        SessionEventTimetable open = Schedules.sessionOpen("CMES");
        DagRunInfo monday = open.runFor(d("2024-03-11"));
        // The Monday session opens Sunday 17:00 Chicago (CDT from that morning).
        assertThat(monday.runAfter()).isEqualTo(at("2024-03-10T22:00:00Z"));
        assertThat(monday.runAfter().atZone(chicago).toLocalDate()).isEqualTo(d("2024-03-10"));
        assertThat(monday.session()).isEqualTo(d("2024-03-11"));
        assertThat(monday.logicalDate()).isEqualTo(midnight("2024-03-11", chicago));
        assertThat(monday.dataInterval()).isEqualTo(DataInterval.between(at("2024-03-07T23:00:00Z"), at("2024-03-10T22:00:00Z")));

        // With catchup off, on Sunday evening the Monday session's open run is already due.
        Optional<DagRunInfo> due = open.nextRun(null, new TimeRestriction(midnight("2024-01-01", chicago), null, false),
                at("2024-03-10T23:00:00Z"));
        assertThat(due.orElseThrow().session()).isEqualTo(d("2024-03-11"));

        // Close + 15 min: Thanksgiving's early close at 12:00 Chicago moves the run.
        SessionEventTimetable close = Schedules.sessionClose("CMES").plus(Duration.ofMinutes(15));
        assertThat(close.runFor(d("2024-11-28")).runAfter()).isEqualTo(at("2024-11-28T18:15:00Z"));
        assertThat(close.runFor(d("2024-11-27")).runAfter()).isEqualTo(at("2024-11-27T23:15:00Z"));
    }

    @Test
    void last_session_of_week_and_month_run_at_that_sessions_close() {
        PeriodEndTimetable week = Schedules.lastSessionOfWeek("XNYS").plus(Duration.ofHours(1));
        List<DagRunInfo> weeks = week.runsBetween(midnight("2024-03-18", NEW_YORK), midnight("2024-04-12", NEW_YORK));
        // Good Friday makes Thursday 03-28 the last session of its week.
        assertThat(weeks).extracting(DagRunInfo::session)
                .containsExactly(d("2024-03-22"), d("2024-03-28"), d("2024-04-05"), d("2024-04-12"));
        assertThat(weeks.get(1).runAfter()).isEqualTo(at("2024-03-28T21:00:00Z"));
        assertThat(weeks.get(1).dataInterval()).isEqualTo(
                DataInterval.between(at("2024-03-22T20:00:00Z"), at("2024-03-28T20:00:00Z")));
        assertThat(week.description()).isEqualTo("1 h after the XNYS close on the last session of each week");

        PeriodEndTimetable month = Schedules.lastSessionOfMonth("XNYS");
        assertThat(month.runsBetween(midnight("2024-01-01", NEW_YORK), midnight("2024-12-31", NEW_YORK)))
                .extracting(DagRunInfo::session).containsExactly(
                        d("2024-01-31"), d("2024-02-29"), d("2024-03-28"), d("2024-04-30"), d("2024-05-31"),
                        d("2024-06-28"), d("2024-07-31"), d("2024-08-30"), d("2024-09-30"), d("2024-10-31"),
                        d("2024-11-29"), d("2024-12-31"));
    }

    @Test
    void without_catchup_the_latest_due_session_runs_then_the_next_in_turn() {
        SessionTimeTimetable t = Schedules.onSessions("XNYS").at("04:00", "America/New_York");
        TimeRestriction r = new TimeRestriction(midnight("2024-01-02", NEW_YORK), null, false);
        Instant saturday = at("2024-03-30T15:00:00Z");
        DagRunInfo run = t.nextRun(null, r, saturday).orElseThrow();
        assertThat(run.session()).isEqualTo(d("2024-03-28"));
        DagRunInfo next = t.nextRun(run, r, saturday).orElseThrow();
        assertThat(next.session()).isEqualTo(d("2024-04-01"));
        assertThat(next.runAfter()).isAfter(saturday);
        // A start date in the future: the first run is on or after it.
        DagRunInfo future = t.nextRun(null, new TimeRestriction(midnight("2024-06-01", NEW_YORK), null, false), saturday)
                .orElseThrow();
        assertThat(future.session()).isEqualTo(d("2024-06-03"));
    }

    @Test
    void a_start_date_after_midnight_starts_with_the_next_session() {
        SessionEventTimetable t = Schedules.sessionClose("XNYS");
        List<DagRunInfo> runs = catchup(t, at("2024-03-27T14:00:00Z"), 2);
        assertThat(runs).extracting(DagRunInfo::session).containsExactly(d("2024-03-28"), d("2024-04-01"));
    }

    @Test
    void stops_at_the_end_date() {
        SessionEventTimetable t = Schedules.sessionClose("XNYS");
        TimeRestriction r = new TimeRestriction(midnight("2024-03-27", NEW_YORK), midnight("2024-03-28", NEW_YORK), true);
        DagRunInfo first = t.nextRun(null, r, null).orElseThrow();
        DagRunInfo second = t.nextRun(first, r, null).orElseThrow();
        assertThat(second.session()).isEqualTo(d("2024-03-28"));
        assertThat(t.nextRun(second, r, null)).isEmpty();
    }

    @Test
    void a_cron_restricted_to_sessions_fires_only_on_session_dates() {
        SessionCronTimetable t = Schedules.onSessions("XNYS").cron("0 10,14 * * *");
        List<DagRunInfo> runs = t.runsBetween(at("2024-03-28T00:00:00Z"), at("2024-04-02T00:00:00Z"));
        assertThat(runs).extracting(DagRunInfo::logicalDate).containsExactly(
                at("2024-03-28T14:00:00Z"), at("2024-03-28T18:00:00Z"), at("2024-04-01T14:00:00Z"),
                at("2024-04-01T18:00:00Z"));
        DagRunInfo monday = runs.get(2);
        assertThat(monday.session()).isEqualTo(d("2024-04-01"));
        assertThat(monday.runAfter()).isEqualTo(monday.logicalDate());
        assertThat(monday.dataInterval()).isEqualTo(DataInterval.between(at("2024-03-28T18:00:00Z"), at("2024-04-01T14:00:00Z")));
        assertThat(t.description()).isEqualTo("at 10:00 and 14:00 America/New_York on XNYS sessions");

        TimeRestriction noCatchup = new TimeRestriction(at("2024-01-01T00:00:00Z"), null, false);
        DagRunInfo due = t.nextRun(null, noCatchup, at("2024-03-31T12:00:00Z")).orElseThrow();
        assertThat(due.logicalDate()).isEqualTo(at("2024-03-28T18:00:00Z"));
    }

    @Test
    void manual_runs_know_their_session() {
        SessionEventTimetable t = Schedules.sessionClose("XNYS");
        DagRunInfo manual = t.manualRun(at("2024-04-01T15:00:00Z"));
        assertThat(manual.session()).isEqualTo(d("2024-04-01"));
        assertThat(manual.dataInterval()).isEqualTo(DataInterval.between(at("2024-03-28T20:00:00Z"), at("2024-04-01T20:00:00Z")));
        DagRunInfo holiday = t.manualRun(at("2024-03-29T15:00:00Z"));
        assertThat(holiday.session()).isNull();
        assertThat(holiday.dataInterval().end()).isEqualTo(at("2024-03-28T20:00:00Z"));
        assertThat(Schedules.cron("@daily").manualRun(at("2024-04-01T15:00:00Z")).session()).isNull();
    }

    @Test
    void dates_beyond_the_calendar_fail_naming_its_bounds() {
        SessionEventTimetable t = Schedules.sessionClose("XNYS");
        assertThatThrownBy(() -> t.runsBetween(midnight("2036-12-30", NEW_YORK), midnight("2037-01-05", NEW_YORK)))
                .isInstanceOf(CalendarOutOfBoundsException.class)
                .hasMessageContaining("XNYS")
                .hasMessageContaining("2036-12-31");
    }

    @Test
    void bad_session_schedule_input_is_named() {
        assertThatThrownBy(() -> Schedules.onSessions("XNYZ")).hasMessageContaining("unknown calendar 'XNYZ'");
        assertThatThrownBy(() -> Schedules.onSessions("XNYS").at("4pm", "America/New_York"))
                .hasMessageContaining("invalid time of day '4pm'");
        assertThatThrownBy(() -> Schedules.onSessions("XNYS").cron("0 25 * * *"))
                .hasMessageContaining("hour field '25'");
        assertThatThrownBy(() -> Schedules.sessionOpen("XNYS").minus(Duration.ofDays(8)))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("8 days before the event is too far");
    }
}
