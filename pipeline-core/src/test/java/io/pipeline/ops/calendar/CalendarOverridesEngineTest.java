package io.pipeline.ops.calendar;

import io.pipeline.calendar.CalendarOverride;
import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.calendar.UnknownCalendarException;
import io.pipeline.calendar.exchange.CmesRules;
import io.pipeline.calendar.exchange.XnysRules;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.ops.Actor;
import io.pipeline.schedule.Schedules;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.Await;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calendar overrides through the engine: a DAG on XNYS sessions skips an added closure and runs again on the date
 * once the closure is removed; a past run stays; every change is audited; across two nodes (two registries, two
 * schedulers, one database) an override reaches the other node's schedule within 2 s.
 */
class CalendarOverridesEngineTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Actor OP = Actor.api("op1");

    static DataSource ds;
    static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(CalendarOverridesEngineTest.class.getSimpleName(), 10);
        jdbc = JdbcClient.create(ds);
    }

    @BeforeEach
    void clean() {
        jdbc.sql("DELETE FROM calendar_override").update();
        jdbc.sql("DELETE FROM audit_log").update();
    }

    static CalendarRegistry registry() {
        return new CalendarRegistry(Map.of("XNYS", XnysRules::new, "CMES", CmesRules::new));
    }

    static CalendarOverrideService service(CalendarRegistry calendars, SettableClock clock, Runnable onChange) {
        return new CalendarOverrideService(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)),
                calendars, clock, onChange);
    }

    static Dag sessionDag(String id, CalendarRegistry calendars, String start) {
        return DagBuilder.dag(id).schedule(Schedules.onSessions(calendars.get("XNYS")).at("18:00", "America/New_York"))
                .catchup(true).startDate(Instant.parse(start))
                .tasks(g -> g.task("t", ctx -> null)).build();
    }

    static List<LocalDate> runDates(EngineTestDriver d, String dagId) {
        return d.runs().list(dagId, DagRunFilter.none(), 1000, 0, "logical_date").items().stream()
                .map(DagRunRow::logicalDate).map(t -> t.atZone(NY).toLocalDate()).toList();
    }

    static LocalDate nextRunDate(EngineTestDriver d, String dagId) {
        return d.registry().find(dagId).orElseThrow().nextRunAfter().atZone(NY).toLocalDate();
    }

    static void runUntil(EngineTestDriver d, String instant) {
        Instant end = Instant.parse(instant);
        while (d.clock().instant().isBefore(end)) {
            d.clock().advance(Duration.ofHours(6));
            d.tick();
        }
    }

    @Test
    void a_dag_on_xnys_sessions_skips_an_added_closure_and_runs_again_once_it_is_removed() {
        CalendarRegistry calendars = registry();
        SettableClock clock = SettableClock.at("2026-06-01T04:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, sessionDag("on_xnys", calendars, "2026-06-01T04:00:00Z"));
        CalendarOverrideService overrides = service(calendars, clock, d::tick);

        // Mon 1 June .. Tue 2 June run; then Wednesday 3 June is closed (a day of mourning) before it comes.
        runUntil(d, "2026-06-02T23:00:00Z");
        assertThat(runDates(d, "on_xnys")).containsExactly(LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-02"));
        assertThat(nextRunDate(d, "on_xnys")).isEqualTo(LocalDate.parse("2026-06-03"));

        overrides.set("xnys", CalendarOverride.closed(LocalDate.parse("2026-06-03"), "National day of mourning"), OP);

        assertThat(calendars.get("XNYS").isSession(LocalDate.parse("2026-06-03"))).isFalse();
        assertThat(calendars.get("XNYS").holidays(LocalDate.parse("2026-06-03"), LocalDate.parse("2026-06-03")))
                .containsEntry(LocalDate.parse("2026-06-03"), "National day of mourning");
        assertThat(nextRunDate(d, "on_xnys")).as("the next run is recomputed at once")
                .isEqualTo(LocalDate.parse("2026-06-04"));

        // A closure of a past date changes no past run.
        overrides.set("XNYS", CalendarOverride.closed(LocalDate.parse("2026-06-02"), "late notice"), OP);
        runUntil(d, "2026-06-05T23:00:00Z");
        assertThat(runDates(d, "on_xnys")).containsExactly(LocalDate.parse("2026-06-01"),
                LocalDate.parse("2026-06-02"), LocalDate.parse("2026-06-04"), LocalDate.parse("2026-06-05"));

        // A closure of Wednesday 10 June, then removed before it comes: the run of the 10th happens.
        overrides.set("XNYS", CalendarOverride.closed(LocalDate.parse("2026-06-10"), "storm"), OP);
        runUntil(d, "2026-06-09T23:00:00Z");
        assertThat(nextRunDate(d, "on_xnys")).isEqualTo(LocalDate.parse("2026-06-11"));
        overrides.remove("XNYS", LocalDate.parse("2026-06-10"), "storm passed", OP);
        assertThat(nextRunDate(d, "on_xnys")).isEqualTo(LocalDate.parse("2026-06-10"));
        runUntil(d, "2026-06-11T23:00:00Z");
        assertThat(runDates(d, "on_xnys")).endsWith(LocalDate.parse("2026-06-08"), LocalDate.parse("2026-06-09"),
                LocalDate.parse("2026-06-10"), LocalDate.parse("2026-06-11"));

        assertThat(jdbc.sql("SELECT event || ' ' || extra FROM audit_log ORDER BY id").query(String.class).list())
                .hasSize(4)
                .anySatisfy(e -> assertThat(e).startsWith("calendar_override_set").contains("\"date\":\"2026-06-03\"")
                        .contains("National day of mourning").contains("\"via\":\"api\""))
                .anySatisfy(e -> assertThat(e).startsWith("calendar_override_remove")
                        .contains("\"date\":\"2026-06-10\"").contains("storm passed"));
    }

    @Test
    void special_hours_move_a_close_based_run_and_show_as_an_early_close() {
        CalendarRegistry calendars = registry();
        SettableClock clock = SettableClock.at("2026-06-01T04:00:00Z");
        CalendarOverrideService overrides = service(calendars, clock, null);
        LocalDate day = LocalDate.parse("2026-06-17");

        overrides.set("XNYS", new CalendarOverride(day, CalendarOverride.Kind.HOURS, LocalTime.of(10, 30),
                LocalTime.of(13, 0), null, null, "exchange system failure"), OP);

        var xnys = calendars.get("XNYS");
        assertThat(xnys.sessionOpen(day)).isEqualTo(Instant.parse("2026-06-17T14:30:00Z"));
        assertThat(xnys.sessionClose(day)).isEqualTo(Instant.parse("2026-06-17T17:00:00Z"));
        assertThat(xnys.earlyCloses(day, day)).containsExactly(day);
        assertThat(xnys.lateOpens(day, day)).containsExactly(day);
        assertThat(Schedules.sessionClose(xnys).nextRun(null,
                new io.pipeline.schedule.TimeRestriction(Instant.parse("2026-06-17T04:00:00Z"), null, true),
                Instant.parse("2026-06-17T04:00:00Z")).orElseThrow().runAfter())
                .isEqualTo(Instant.parse("2026-06-17T17:00:00Z"));
    }

    @Test
    void cme_hours_open_on_the_evening_before() {
        CalendarRegistry calendars = registry();
        CalendarOverrideService overrides = service(calendars, SettableClock.at("2026-06-01T04:00:00Z"), null);
        LocalDate day = LocalDate.parse("2026-06-17");

        overrides.set("CMES", new CalendarOverride(day, CalendarOverride.Kind.HOURS, LocalTime.of(17, 0),
                LocalTime.of(12, 0), null, null, "early close after an outage"), OP);

        assertThat(calendars.get("CMES").sessionOpen(day)).isEqualTo(Instant.parse("2026-06-16T22:00:00Z"));
        assertThat(calendars.get("CMES").sessionClose(day)).isEqualTo(Instant.parse("2026-06-17T17:00:00Z"));
    }

    @Test
    void bad_overrides_are_refused_with_the_reason_and_change_nothing() {
        CalendarRegistry calendars = registry();
        CalendarOverrideService overrides = service(calendars, SettableClock.at("2026-06-01T04:00:00Z"), null);
        LocalDate day = LocalDate.parse("2026-06-17");

        assertThatThrownBy(() -> overrides.set("XNYS", CalendarOverride.closed(LocalDate.parse("1980-01-02"), "x"), OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside")
                .hasMessageContaining("1990-01-02");
        assertThatThrownBy(() -> overrides.set("XNYS", CalendarOverride.hours(day, LocalTime.of(15, 0),
                LocalTime.of(10, 0), "x"), OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("close 10:00 is not after open 15:00");
        assertThatThrownBy(() -> overrides.set("XNYS", new CalendarOverride(day, CalendarOverride.Kind.HOURS,
                LocalTime.of(9, 30), LocalTime.of(12, 0), LocalTime.of(11, 0), LocalTime.of(13, 0), "x"), OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the session");
        assertThatThrownBy(() -> overrides.set("XXXX", CalendarOverride.closed(day, "x"), OP))
                .isInstanceOf(UnknownCalendarException.class).hasMessageContaining("XNYS");
        assertThatThrownBy(() -> CalendarOverride.closed(day, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        // A CME session from 08:00 the evening before would overlap the previous session (closing 16:00 that day).
        assertThatThrownBy(() -> overrides.set("CMES", CalendarOverride.hours(day, LocalTime.of(8, 0),
                LocalTime.of(16, 0), "x"), OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");

        assertThat(overrides.list("XNYS")).isEmpty();
        assertThat(calendars.get("XNYS").overrides()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single()).isZero();
    }

    @Test
    void two_operators_on_the_same_date_the_later_wins_and_both_are_audited() {
        CalendarRegistry calendars = registry();
        SettableClock clock = SettableClock.at("2026-06-01T04:00:00Z");
        CalendarOverrideService overrides = service(calendars, clock, null);
        LocalDate day = LocalDate.parse("2026-06-17");

        overrides.set("XNYS", CalendarOverride.closed(day, "first: storm"), Actor.api("op1"));
        clock.advance(Duration.ofMinutes(1));
        overrides.set("XNYS", CalendarOverride.hours(day, LocalTime.of(9, 30), LocalTime.of(13, 0),
                "second: opens after all"), Actor.cli("op2"));

        assertThat(overrides.list("XNYS")).singleElement().satisfies(s -> {
            assertThat(s.override().kind()).isEqualTo(CalendarOverride.Kind.HOURS);
            assertThat(s.updatedBy()).isEqualTo("op2");
        });
        assertThat(calendars.get("XNYS").isSession(day)).isTrue();
        assertThat(jdbc.sql("SELECT owner || ' ' || extra FROM audit_log ORDER BY id").query(String.class).list())
                .satisfiesExactly(
                        e -> assertThat(e).startsWith("op1").contains("first: storm"),
                        e -> assertThat(e).startsWith("op2").contains("second: opens after all")
                                .contains("\"replaced\""));
    }

    @Test
    void an_override_reaches_the_other_nodes_schedule_within_two_seconds() {
        SettableClock clock = SettableClock.at("2026-07-01T04:00:00Z");
        CalendarRegistry calendarsA = registry();
        CalendarRegistry calendarsB = registry();
        Dag onA = sessionDag("two_nodes", calendarsA, "2026-07-01T04:00:00Z");
        Dag onB = sessionDag("two_nodes", calendarsB, "2026-07-01T04:00:00Z");
        EngineTestDriver nodeA = EngineTestDriver.create(ds, clock,
                io.pipeline.engine.EngineConfig.defaults("node-a").withQuartz(false), onA);
        EngineTestDriver nodeB = EngineTestDriver.create(ds, clock,
                io.pipeline.engine.EngineConfig.defaults("node-b").withQuartz(false), onB);
        CalendarOverrideService serviceA = service(calendarsA, clock, nodeA::tick);
        CalendarOverrideService serviceB = service(calendarsB, clock, nodeB::tick);
        // Polling far apart: only the notification can make it within the 2 s.
        CalendarOverrideSync syncB = new CalendarOverrideSync(ds, serviceB, Duration.ofMinutes(10), clock);
        syncB.start();
        try {
            nodeB.tick();
            assertThat(nextRunDate(nodeB, "two_nodes")).isEqualTo(LocalDate.parse("2026-07-01"));
            runUntil(nodeB, "2026-07-01T23:00:00Z");
            assertThat(nextRunDate(nodeB, "two_nodes")).isEqualTo(LocalDate.parse("2026-07-02"));

            long sent = System.nanoTime();
            serviceA.set("XNYS", CalendarOverride.closed(LocalDate.parse("2026-07-02"), "system failure"),
                    Actor.api("op1"));

            Await.until(Duration.ofSeconds(2), "node B's calendar to close 2026-07-02",
                    () -> !calendarsB.get("XNYS").isSession(LocalDate.parse("2026-07-02")));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            nodeB.tick();
            assertThat(nextRunDate(nodeB, "two_nodes")).as("node B's next run, %s after the change", took)
                    .isEqualTo(LocalDate.parse("2026-07-06"));

            serviceA.remove("XNYS", LocalDate.parse("2026-07-02"), null, Actor.api("op1"));
            Await.until(Duration.ofSeconds(2), "node B's calendar to reopen 2026-07-02",
                    () -> calendarsB.get("XNYS").isSession(LocalDate.parse("2026-07-02")));
        } finally {
            syncB.stop();
        }
    }
}
