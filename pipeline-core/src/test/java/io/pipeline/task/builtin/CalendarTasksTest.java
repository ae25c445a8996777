package io.pipeline.task.builtin;

import io.pipeline.calendar.Calendars;
import io.pipeline.dag.LatestOnly;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.Schedules;
import io.pipeline.schedule.SessionEvent;
import io.pipeline.schedule.TimeRestriction;
import io.pipeline.task.PokeResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalendarTasksTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    /** The scheduled run of a weekday 04:00 cron DAG whose interval ends at the given tick. */
    private static TestTaskContext cronRunEndingAt(String tickUtc) {
        var cron = Schedules.cron("0 4 * * *", "America/New_York");
        Instant end = at(tickUtc);
        Instant start = cron.cron().previous(end, NEW_YORK);
        DagRunInfo run = cron.nextRun(null, new TimeRestriction(start, null, true), null).orElseThrow();
        assertThat(run.runAfter()).isEqualTo(end);
        return TestTaskContext.scheduled(run);
    }

    private static TestTaskContext sessionRun(String code, String session) {
        DagRunInfo run = Schedules.sessionClose(code).runFor(LocalDate.parse(session));
        return TestTaskContext.scheduled(run);
    }

    @Test
    void is_trading_session_proceeds_on_sessions_and_stops_on_holidays_and_weekends() {
        IsTradingSession task = new IsTradingSession("XNYS");
        assertThat(task.proceed(cronRunEndingAt("2024-03-28T08:00:00Z"))).isTrue();   // Thursday
        assertThat(task.proceed(cronRunEndingAt("2024-03-29T08:00:00Z"))).isFalse();  // Good Friday
        assertThat(task.proceed(cronRunEndingAt("2024-03-30T08:00:00Z"))).isFalse();  // Saturday
    }

    @Test
    void is_trading_session_judges_the_day_the_cron_run_is_for_not_the_previous_tick() {
        // Monday 2024-04-01 04:00's run has logical date Sunday 03-31 (the interval start): it must still proceed.
        TestTaskContext monday = cronRunEndingAt("2024-04-01T08:00:00Z");
        assertThat(monday.logicalDate().atZone(NEW_YORK).toLocalDate()).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(new IsTradingSession("XNYS").proceed(monday)).isTrue();
    }

    @Test
    void is_trading_session_uses_the_runs_session_and_the_logical_date_of_manual_runs() {
        assertThat(new IsTradingSession("XNYS").proceed(sessionRun("XNYS", "2024-04-01"))).isTrue();
        // A CME session labelled Monday runs from Sunday evening: the session decides, not the wall-clock date.
        TestTaskContext cme = TestTaskContext.scheduled(Schedules.sessionOpen("CMES").runFor(LocalDate.of(2024, 3, 11)));
        assertThat(new IsTradingSession("CMES").proceed(cme)).isTrue();
        assertThat(new IsTradingSession("XNYS").proceed(TestTaskContext.manual(at("2024-03-29T15:00:00Z")))).isFalse();
        assertThat(new IsTradingSession("XNYS").proceed(TestTaskContext.manual(at("2024-03-28T15:00:00Z")))).isTrue();
    }

    @Test
    void is_trading_session_uses_the_exchange_zone_for_the_date() {
        // 2024-04-01T22:00Z is already Tuesday in Tokyo (a session) and Monday in London (Easter Monday, closed).
        TestTaskContext run = TestTaskContext.manual(at("2024-04-01T22:00:00Z"));
        assertThat(new IsTradingSession("XTKS").proceed(run)).isTrue();
        assertThat(new IsTradingSession("XLON").proceed(run)).isFalse();
    }

    @Test
    void is_trading_session_rejects_an_unknown_calendar_and_dates_out_of_range() {
        assertThatThrownBy(() -> new IsTradingSession("NOPE")).hasMessageContaining("unknown calendar 'NOPE'")
                .hasMessageContaining("XNYS");
        assertThatThrownBy(() -> new IsTradingSession("XNYS").proceed(TestTaskContext.manual(at("2037-01-02T15:00:00Z"))))
                .hasMessageContaining("XNYS").hasMessageContaining("2036-12-31");
    }

    @Test
    void is_trading_holiday_branches_on_the_runs_date() {
        IsTradingHoliday task = new IsTradingHoliday("XNYS", "holiday_report", "load_bars");
        assertThat(task.choose(cronRunEndingAt("2024-12-25T09:00:00Z"))).containsExactly("holiday_report");
        assertThat(task.choose(cronRunEndingAt("2024-12-24T09:00:00Z"))).containsExactly("load_bars");
        assertThat(task.choose(TestTaskContext.manual(at("2025-01-09T15:00:00Z")))).containsExactly("holiday_report");
    }

    @Test
    void time_sensor_waits_for_a_local_time_on_the_runs_date() {
        TimeSensor sensor = TimeSensor.at("18:00", "America/New_York");
        TestTaskContext run = cronRunEndingAt("2024-03-11T08:00:00Z"); // Monday, EDT
        assertThat(sensor.target(run)).isEqualTo(at("2024-03-11T22:00:00Z"));
        assertThat(sensor.poke(run.at(at("2024-03-11T21:59:59Z"))))
                .as("deferrable by default: defers until its instant")
                .isEqualTo(PokeResult.deferUntil(at("2024-03-11T22:00:00Z")));
        assertThat(sensor.deferrable(false).poke(run.at(at("2024-03-11T21:59:59Z")))).isEqualTo(PokeResult.notYet());
        assertThat(sensor.poke(run.at(at("2024-03-11T22:00:00Z"))).done()).isTrue();
    }

    @Test
    void time_sensor_waits_for_close_plus_offset_following_early_closes() {
        TimeSensor sensor = TimeSensor.afterClose("XNYS", Duration.ofMinutes(15));
        assertThat(sensor.target(sessionRun("XNYS", "2024-11-29"))).isEqualTo(at("2024-11-29T18:15:00Z")); // 13:15
        assertThat(sensor.target(sessionRun("XNYS", "2024-11-27"))).isEqualTo(at("2024-11-27T21:15:00Z")); // 16:15
        TestTaskContext run = sessionRun("XNYS", "2024-11-29");
        assertThat(sensor.poke(run.at(at("2024-11-29T18:14:00Z"))).done()).isFalse();
        assertThat(sensor.poke(run.at(at("2024-11-29T18:16:00Z")))).isEqualTo(PokeResult.met("2024-11-29T18:15:00Z"));
    }

    @Test
    void time_sensor_can_target_the_tokyo_lunch_break() {
        TimeSensor sensor = TimeSensor.sessionEvent(Calendars.get("XTKS"), SessionEvent.BREAK_END, Duration.ZERO);
        TestTaskContext run = TestTaskContext.manual(at("2024-11-05T00:00:00Z"));
        assertThat(sensor.target(run)).isEqualTo(at("2024-11-05T03:30:00Z"));
    }

    @Test
    void a_session_relative_time_sensor_fails_on_a_non_session_naming_the_date() {
        TimeSensor sensor = TimeSensor.afterClose("XNYS", Duration.ofMinutes(15));
        assertThatThrownBy(() -> sensor.poke(TestTaskContext.manual(at("2024-03-29T15:00:00Z"))))
                .hasMessageContaining("2024-03-29 is not a XNYS session");
    }

    @Test
    void latest_only_skips_direct_downstream_unless_latest_or_manual() {
        LatestOnly task = new LatestOnly(Set.of("publish"));
        TestTaskContext old = sessionRun("XNYS", "2024-04-01");
        assertThat(task.choose(old.latest(false))).isEmpty();
        assertThat(task.choose(old.latest(true))).containsExactly("publish");
        assertThat(task.choose(old.runType("backfill").latest(false))).isEmpty();
        assertThat(task.choose(TestTaskContext.manual(at("2024-03-01T00:00:00Z")))).isEqualTo(List.of("publish"));
    }
}
