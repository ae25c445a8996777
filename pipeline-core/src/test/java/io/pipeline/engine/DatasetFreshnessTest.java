package io.pipeline.engine;

import io.pipeline.alert.AlertComposer;
import io.pipeline.alert.AlertMetrics;
import io.pipeline.alert.AlertQueries;
import io.pipeline.alert.AlertRules;
import io.pipeline.alert.AlertSignal;
import io.pipeline.alert.AlertView;
import io.pipeline.alert.AlertWriter;
import io.pipeline.alert.DashboardLinks;
import io.pipeline.alert.OutboxAlertListener;
import io.pipeline.alert.deadline.DeadlineTracker;
import io.pipeline.alert.deadline.RunDatesResolver;
import io.pipeline.calendar.Calendars;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.DayTime;
import io.pipeline.schedule.InvalidDatasetException;
import io.pipeline.schedule.Partitioning;
import io.pipeline.schedule.Schedules;
import io.pipeline.schedule.SessionTime;
import io.pipeline.store.DatasetQueries.FreshnessMiss;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Freshness deadlines of dataset partitions through the engine's scheduler pass and the alert outbox. */
class DatasetFreshnessTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(DatasetFreshnessTest.class);
    }

    /** bars_1d[S] by S's close + 45 min. */
    static Dataset bars(String suffix) {
        return Dataset.of("postgres://md/public/bars_" + suffix).partitionedBy(Partitioning.sessionsOf("XNYS"))
                .freshBy(SessionTime.close().plus(Duration.ofMinutes(45)));
    }

    static Dag producer(String dagId, Dataset out) {
        return DagBuilder.dag(dagId).schedule(Schedules.onSessions("XNYS").at("18:00"))
                .startDate(LocalDate.of(2030, 1, 1), "America/New_York")
                .tasks(g -> g.task("load", ctx -> ctx.partitionKey()).produces(out)).build();
    }

    record Setup(EngineTestDriver driver, AlertQueries alerts) {
        List<AlertView> alertsOf(String dagId) {
            return alerts.list(new AlertView.Filter(dagId, null, null, null, null, null, null, null), 100, 0)
                    .alerts().reversed();
        }

        List<FreshnessMiss> misses(Dataset d) {
            return driver.parts().stores().datasetQueries().freshnessMisses(d.uri(), LocalDate.of(2026, 1, 1),
                    LocalDate.of(2026, 12, 31));
        }
    }

    Setup start(String at, Dag... dags) {
        SettableClock clock = SettableClock.at(at);
        AlertRules rules = new AlertRules(List.of("slack"));
        AlertComposer composer = new AlertComposer(DashboardLinks.none());
        AlertSignal signal = new AlertSignal();
        AlertWriter writer = new AlertWriter(ds, rules, signal);
        AlertMetrics metrics = new AlertMetrics(new SimpleMeterRegistry());
        DeadlineTracker tracker = new DeadlineTracker(ds, rules, Calendars::get, composer, writer, metrics);
        RunDatesResolver dates = RunDatesResolver.logicalDateOnly();
        OutboxAlertListener listener = new OutboxAlertListener(ds, rules, composer, writer, tracker, dates);
        EngineTestDriver d = EngineTestDriver.withListeners(ds, clock, List.of(listener), dags);
        return new Setup(d, new AlertQueries(ds, clock, signal));
    }

    @Test
    void a_partition_past_its_deadline_without_an_event_raises_one_alert_and_one_when_it_arrives_later() {
        Dataset bars = bars("late");
        Setup s = start("2026-11-23T14:00:00Z", producer("fresh_late", bars));
        EngineTestDriver d = s.driver();

        d.clock().set(Instant.parse("2026-11-23T21:44:59Z"));
        d.tick();
        assertThat(s.alertsOf("fresh_late")).isEmpty();

        d.clock().set(Instant.parse("2026-11-23T21:45:00Z"));
        d.tick();
        d.advance(Duration.ofMinutes(5));
        d.tick();
        d.tick();

        assertThat(s.alertsOf("fresh_late")).singleElement().satisfies(a -> {
            assertThat(a.event()).isEqualTo(AlertEvent.DEADLINE_MISSED);
            assertThat(a.notifier()).isEqualTo("slack");
            assertThat(a.runId()).isEqualTo(bars.uri() + "[2026-11-23]");
            assertThat(a.summary()).isEqualTo(bars.uri() + " [2026-11-23] is late: no event by 2026-11-23 16:45 EST"
                    + " (45 min after the XNYS close)");
        });
        assertThat(s.misses(bars)).singleElement().satisfies(m -> {
            assertThat(m.key()).isEqualTo(LocalDate.of(2026, 11, 23));
            assertThat(m.late()).isTrue();
            assertThat(m.dueAt()).isEqualTo(Instant.parse("2026-11-23T21:45:00Z"));
            assertThat(m.deadline()).isEqualTo("45 min after the XNYS close");
        });

        d.clock().set(Instant.parse("2026-11-23T22:05:00Z"));
        d.runs().trigger("fresh_late", null, null, null, null, "2026-11-23");
        d.settle();
        d.tick();

        assertThat(s.alertsOf("fresh_late")).extracting(AlertView::event)
                .containsExactly(AlertEvent.DEADLINE_MISSED, AlertEvent.DEADLINE_FINISHED_LATE);
        assertThat(s.alertsOf("fresh_late").getLast().summary()).isEqualTo(bars.uri() + " [2026-11-23] arrived "
                + "20m after its freshness deadline of 2026-11-23 16:45 EST (45 min after the XNYS close)");
        assertThat(s.misses(bars)).singleElement().satisfies(m -> {
            assertThat(m.late()).isFalse();
            assertThat(m.arrivedAt()).isEqualTo(Instant.parse("2026-11-23T22:05:00Z"));
        });
    }

    @Test
    void a_partition_whose_event_came_in_time_raises_nothing() {
        Dataset bars = bars("on_time");
        Setup s = start("2026-11-23T14:00:00Z", producer("fresh_on_time", bars));
        EngineTestDriver d = s.driver();

        d.clock().set(Instant.parse("2026-11-23T21:30:00Z"));
        d.runs().trigger("fresh_on_time", null, null, null, null, "2026-11-23");
        d.settle();
        d.clock().set(Instant.parse("2026-11-23T23:00:00Z"));
        d.tick();

        assertThat(s.alertsOf("fresh_on_time")).isEmpty();
        assertThat(s.misses(bars)).isEmpty();
    }

    @Test
    void holidays_have_no_deadline_and_an_early_close_moves_it() {
        Dataset bars = bars("thanksgiving");
        Setup s = start("2026-11-25T14:00:00Z", producer("fresh_holiday", bars));
        EngineTestDriver d = s.driver();

        d.clock().set(Instant.parse("2026-11-27T19:00:00Z")); // Friday's early close 13:00 EST + 45 min has passed
        d.tick();

        assertThat(s.misses(bars)).extracting(m -> m.key() + " " + m.dueAt())
                .containsExactly("2026-11-25 2026-11-25T21:45:00Z", "2026-11-27 2026-11-27T18:45:00Z");
        assertThat(s.alertsOf("fresh_holiday")).hasSize(2);
    }

    @Test
    void deadlines_before_the_dataset_was_declared_are_not_checked() {
        Dataset bars = bars("new");
        Setup s = start("2026-11-24T14:00:00Z", producer("fresh_new", bars));
        s.driver().tick();
        assertThat(s.misses(bars)).isEmpty(); // 2026-11-23 was due before the dataset existed
    }

    @Test
    void a_freshness_deadline_needs_a_session_partitioning() {
        assertThatThrownBy(() -> Dataset.of("s3://vendor/file").freshBy(SessionTime.close()))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("s3://vendor/file")
                .hasMessageContaining("partitioned by the sessions");
        assertThatThrownBy(() -> Dataset.of("s3://vendor/daily").partitionedBy(Partitioning.calendarDays("UTC"))
                .freshBy(SessionTime.open()))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("days:UTC");
    }

    /** vendor_eod[D] by D's 18:00 New York. */
    static Dataset eod(String suffix) {
        return Dataset.of("s3://vendor/eod_" + suffix).partitionedBy(Partitioning.calendarDays("America/New_York"))
                .freshBy(LocalTime.of(18, 0), ZoneId.of("America/New_York"));
    }

    static Dag declaring(String dagId, Dataset out) {
        return DagBuilder.dag(dagId).tasks(g -> g.task("load", ctx -> null).produces(out)).build();
    }

    @Test
    void a_day_partition_past_its_local_deadline_raises_one_alert_and_one_when_it_arrives_later() {
        Dataset eod = eod("late");
        Setup s = start("2026-11-23T14:00:00Z", declaring("eod_late", eod));
        EngineTestDriver d = s.driver();

        d.clock().set(Instant.parse("2026-11-23T22:59:59Z"));
        d.tick();
        assertThat(s.alertsOf("eod_late")).isEmpty();

        d.clock().set(Instant.parse("2026-11-23T23:00:00Z"));
        d.tick();
        d.advance(Duration.ofMinutes(5));
        d.tick();
        d.tick();

        assertThat(s.alertsOf("eod_late")).singleElement().satisfies(a -> {
            assertThat(a.event()).isEqualTo(AlertEvent.DEADLINE_MISSED);
            assertThat(a.runId()).isEqualTo(eod.uri() + "[2026-11-23]");
            assertThat(a.summary()).isEqualTo(eod.uri() + " [2026-11-23] is late: no event by 2026-11-23 18:00 EST"
                    + " (18:00 America/New_York on the day)");
        });
        assertThat(s.misses(eod)).singleElement().satisfies(m -> {
            assertThat(m.key()).isEqualTo(LocalDate.of(2026, 11, 23));
            assertThat(m.late()).isTrue();
            assertThat(m.dueAt()).isEqualTo(Instant.parse("2026-11-23T23:00:00Z"));
            assertThat(m.deadline()).isEqualTo("18:00 America/New_York on the day");
        });

        d.clock().set(Instant.parse("2026-11-23T23:20:00Z"));
        d.datasets().report(eod.uri(), "2026-11-23", null);
        d.tick();
        d.tick();

        assertThat(s.alertsOf("eod_late")).extracting(AlertView::event)
                .containsExactly(AlertEvent.DEADLINE_MISSED, AlertEvent.DEADLINE_FINISHED_LATE);
        assertThat(s.alertsOf("eod_late").getLast().summary()).isEqualTo(eod.uri() + " [2026-11-23] arrived "
                + "20m after its freshness deadline of 2026-11-23 18:00 EST (18:00 America/New_York on the day)");
        assertThat(s.misses(eod)).singleElement().satisfies(m -> {
            assertThat(m.late()).isFalse();
            assertThat(m.arrivedAt()).isEqualTo(Instant.parse("2026-11-23T23:20:00Z"));
        });
    }

    @Test
    void every_day_has_its_deadline_weekends_included_and_one_in_time_raises_nothing() {
        Dataset eod = eod("weekend");
        Setup s = start("2026-11-27T14:00:00Z", declaring("eod_weekend", eod)); // a Friday
        EngineTestDriver d = s.driver();

        d.clock().set(Instant.parse("2026-11-28T22:00:00Z"));
        d.datasets().report(eod.uri(), "2026-11-28", null); // Saturday's, an hour before its deadline
        d.clock().set(Instant.parse("2026-11-29T23:30:00Z")); // Sunday 18:30 New York
        d.tick();

        assertThat(s.misses(eod)).extracting(m -> m.key() + " " + m.dueAt())
                .containsExactly("2026-11-27 2026-11-27T23:00:00Z", "2026-11-29 2026-11-29T23:00:00Z");
        assertThat(s.alertsOf("eod_weekend")).hasSize(2);
    }

    @Test
    void a_day_deadline_may_fall_days_after_the_partition_in_another_zone() {
        Dataset file = Dataset.of("s3://vendor/next_morning").partitionedBy(Partitioning.calendarDays("UTC"))
                .freshBy(DayTime.at(LocalTime.of(6, 0), ZoneId.of("Europe/London")).daysAfter(1));
        assertThat(file.freshnessDeadline(LocalDate.of(2026, 7, 1))).isEqualTo(Instant.parse("2026-07-02T05:00:00Z"));
        assertThat(file.freshnessDescription()).isEqualTo("06:00 Europe/London the day after");
    }

    @Test
    void a_time_of_day_deadline_needs_a_day_partitioning_and_a_session_one_a_session_partitioning() {
        assertThatThrownBy(() -> Dataset.of("postgres://md/public/bars_x").partitionedBy(Partitioning.sessionsOf("XNYS"))
                .freshBy(LocalTime.of(18, 0), ZoneId.of("America/New_York")))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("postgres://md/public/bars_x")
                .hasMessageContaining("partitioned by calendar days").hasMessageContaining("sessions:XNYS");
        assertThatThrownBy(() -> Dataset.of("s3://vendor/flat").freshBy(LocalTime.NOON, ZoneId.of("UTC")))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("an unpartitioned one");
        assertThatThrownBy(() -> DayTime.at(LocalTime.NOON, ZoneId.of("UTC")).daysAfter(8))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("8 days");
    }
}
