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
                .containsExactly(new WhyNotRunning.WaitingForData("2026-11-24",
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
}
