package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.IncompatiblePartitionsException;
import io.pipeline.schedule.Partitioning;
import io.pipeline.schedule.Schedules;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A time schedule whose runs also wait for named partitions, through the engine. */
class TimeAndDataScheduleTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(TimeAndDataScheduleTest.class);
    }

    static Dataset bars(String suffix) {
        return Dataset.of("postgres://md/public/bars_" + suffix).partitionedBy(Partitioning.sessionsOf("XNYS"));
    }

    static Dag producer(String dagId, Dataset out) {
        return DagBuilder.dag(dagId).schedule(Schedules.onSessions("XNYS").at("18:00"))
                .startDate(LocalDate.of(2030, 1, 1), "America/New_York")
                .tasks(g -> g.task("load", ctx -> ctx.partitionKey()).produces(out)).build();
    }

    @Test
    void the_run_is_created_at_the_open_and_its_tasks_wait_without_a_slot_for_the_previous_session_bars() {
        Dataset bars = bars("waited");
        Dag consumer = DagBuilder.dag("open_report")
                .schedule(Schedules.sessionOpen("XNYS").waitingFor(bars.previousSession()))
                .startDate(LocalDate.of(2026, 11, 24), "America/New_York").catchup(false)
                .tasks(g -> g.task("report", ctx -> ctx.session().toString()).then(g.task("publish", ctx -> 1)))
                .build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-11-24T14:31:00Z"),
                producer("bars_waited", bars), consumer);
        WhyNotRunning why = new WhyNotRunning(d.registry(), new NodeRegistry(d.parts().stores().nodes(), d.clock(),
                Duration.ofHours(1)), d.parts().stores(), d.clock());

        d.settle();

        DagRunRow run = d.runs().list("open_report", null, 10, 0, null).items().getFirst();
        assertThat(run.sessionDate()).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(run.state()).isEqualTo(DagRunState.RUNNING);
        assertThat(d.state(run, "report")).isEqualTo(TaskState.NONE);
        assertThat(why.explain(run, d.ti(run, "report", -1)).blockers())
                .containsExactly(new WhyNotRunning.WaitingForData("2026-11-24", "session",
                        List.of(new DatasetGate.Missing(bars.uri(), "2026-11-23"))));
        assertThat(d.parts().stores().datasetQueries().get(bars.uri()).orElseThrow().scheduledDags())
                .extracting(r -> r.dagId() + " " + r.mapping()).containsExactly("open_report previous_session");
        assertThat(consumer.timetable().description()).isEqualTo("at the XNYS open, waiting for " + bars.uri()
                + "[previous_session]");

        d.advance(Duration.ofHours(1));
        d.settle();
        assertThat(d.state(run, "report")).isEqualTo(TaskState.NONE);

        d.runs().trigger("bars_waited", null, null, null, null, "2026-11-24"); // not the session it waits for
        d.settle();
        assertThat(d.state(run, "report")).isEqualTo(TaskState.NONE);

        d.runs().trigger("bars_waited", null, null, null, null, "2026-11-23");
        d.settle();

        assertThat(d.runState("open_report", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.tis().xcom("open_report", run.runId(), "report", -1, null).orElseThrow().valueJson())
                .isEqualTo("\"2026-11-24\"");
    }

    @Test
    void a_wait_that_maps_to_another_calendar_s_sessions_is_refused_naming_both() {
        Dataset bars = bars("nyse");
        assertThatThrownBy(() -> Schedules.sessionOpen("XLON").waitingFor(bars))
                .isInstanceOf(IncompatiblePartitionsException.class)
                .hasMessageContaining("sessions:XLON").hasMessageContaining(bars.uri() + "[same_session]")
                .hasMessageContaining("sessions:XNYS");
    }

    static Dataset vendorDays(String suffix) {
        return Dataset.of("s3://vendor/" + suffix).partitionedBy(Partitioning.calendarDays("America/New_York"));
    }

    @Test
    void a_cron_run_waits_for_the_partition_of_its_logical_date_s_day_then_runs_when_its_event_arrives() {
        Dataset file = vendorDays("cron_file");
        Dag consumer = DagBuilder.dag("cron_report")
                .schedule(Schedules.cron("0 6 * * *", "America/New_York").waitingFor(file))
                .startDate(LocalDate.of(2026, 11, 23), "America/New_York").catchup(false)
                .tasks(g -> g.task("report", ctx -> ctx.logicalDate().toString()).then(g.task("publish", ctx -> 1)))
                .build();
        // 2026-11-24 06:01 New York: the run of the interval that started 2026-11-23 06:00 (Airflow's ds 2026-11-23).
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-11-24T11:01:00Z"), consumer);
        WhyNotRunning why = new WhyNotRunning(d.registry(), new NodeRegistry(d.parts().stores().nodes(), d.clock(),
                Duration.ofHours(1)), d.parts().stores(), d.clock());

        d.settle();

        DagRunRow run = d.runs().list("cron_report", null, 10, 0, null).items().getFirst();
        assertThat(run.logicalDate()).isEqualTo(java.time.Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(run.state()).isEqualTo(DagRunState.RUNNING);
        assertThat(d.state(run, "report")).isEqualTo(TaskState.NONE);
        assertThat(why.explain(run, d.ti(run, "report", -1)).blockers())
                .containsExactly(new WhyNotRunning.WaitingForData("2026-11-23", "day",
                        List.of(new DatasetGate.Missing(file.uri(), "2026-11-23"))));
        assertThat(consumer.timetable().description()).endsWith(", waiting for " + file.uri() + "[same_session]");
        assertThat(d.parts().stores().datasetQueries().get(file.uri()).orElseThrow().scheduledDags())
                .extracting(r -> r.dagId() + " " + r.mapping()).containsExactly("cron_report same_session");

        d.advance(Duration.ofMinutes(30));
        d.datasets().report(file.uri(), "2026-11-24", null); // the next day's file: not the one this run waits for
        d.settle();
        assertThat(d.state(run, "report")).isEqualTo(TaskState.NONE);

        d.datasets().report(file.uri(), "2026-11-23", null);
        d.settle();

        assertThat(d.runState("cron_report", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_cron_wait_on_sessions_or_on_days_of_another_zone_is_refused_naming_both() {
        assertThatThrownBy(() -> Schedules.cron("0 6 * * *", "America/New_York").waitingFor(bars("cron_nyse")))
                .isInstanceOf(IncompatiblePartitionsException.class)
                .hasMessageContaining("days:America/New_York").hasMessageContaining("sessions:XNYS")
                .hasMessageContaining("postgres://md/public/bars_cron_nyse[same_session]");
        assertThatThrownBy(() -> Schedules.cron("0 6 * * *", "Europe/London")
                .waitingFor(vendorDays("cron_ny").previousSession()))
                .isInstanceOf(IncompatiblePartitionsException.class).hasMessageContaining("previous_session")
                .hasMessageContaining("days:America/New_York");
        assertThatThrownBy(() -> Schedules.cron("0 6 * * *", "Europe/London").waitingFor(vendorDays("cron_ny")))
                .isInstanceOf(IncompatiblePartitionsException.class).hasMessageContaining("days:Europe/London")
                .hasMessageContaining("days:America/New_York");
    }

    @Test
    void a_cron_run_of_a_day_waits_for_the_latest_session_on_or_before_it_through_the_mapping() {
        Dataset bars = bars("cron_latest");
        Dag consumer = DagBuilder.dag("cron_after_bars")
                .schedule(Schedules.cron("0 6 * * *", "America/New_York").waitingFor(bars.latestSessionOnOrBefore()))
                .startDate(LocalDate.of(2026, 11, 23), "America/New_York").catchup(false)
                .tasks(g -> g.task("report", ctx -> 1)).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-11-24T11:01:00Z"),
                producer("bars_cron_latest", bars), consumer);
        WhyNotRunning why = new WhyNotRunning(d.registry(), new NodeRegistry(d.parts().stores().nodes(), d.clock(),
                Duration.ofHours(1)), d.parts().stores(), d.clock());

        d.settle();

        DagRunRow run = d.runs().list("cron_after_bars", null, 10, 0, null).items().getFirst();
        assertThat(d.state(run, "report")).isEqualTo(TaskState.NONE);
        assertThat(why.explain(run, d.ti(run, "report", -1)).blockers())
                .containsExactly(new WhyNotRunning.WaitingForData("2026-11-23", "day",
                        List.of(new DatasetGate.Missing(bars.uri(), "2026-11-23"))));
        assertThat(d.parts().stores().datasetQueries().get(bars.uri()).orElseThrow().scheduledDags())
                .extracting(r -> r.dagId() + " " + r.mapping())
                .containsExactly("cron_after_bars latest_session_on_or_before");

        d.runs().trigger("bars_cron_latest", null, null, null, null, "2026-11-23");
        d.settle();

        assertThat(d.runState("cron_after_bars", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThatThrownBy(() -> Schedules.cron("0 6 * * *", "UTC").waitingFor(bars.latestSessionOnOrBefore()))
                .isInstanceOf(IncompatiblePartitionsException.class).hasMessageContaining("days:UTC")
                .hasMessageContaining("latest_session_on_or_before").hasMessageContaining("days:America/New_York");
    }

    @Test
    void an_intraday_session_cron_takes_waits_keyed_by_its_session() {
        Dataset bars = bars("intraday_wait");
        var t = Schedules.onSessions("XNYS").cron("0,30 10-15 * * 1-5").waitingFor(bars.previousSession());
        assertThat(t.waitsFor()).containsExactly(bars.previousSession());
        assertThat(t.waitsPartitioning()).isEqualTo(Partitioning.sessionsOf("XNYS"));
        assertThat(t.description()).endsWith("on XNYS sessions, waiting for " + bars.uri() + "[previous_session]");
        assertThatThrownBy(() -> Schedules.onSessions("XNYS").cron("0 10 * * *").waitingFor(vendorDays("intraday")))
                .isInstanceOf(IncompatiblePartitionsException.class).hasMessageContaining("sessions:XNYS")
                .hasMessageContaining("days:America/New_York");
    }
}
