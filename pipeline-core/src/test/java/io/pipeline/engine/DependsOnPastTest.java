package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** depends_on_past and wait_for_downstream by session: the previous session's instance, and gaps in the series. */
class DependsOnPastTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(DependsOnPastTest.class);
    }

    final AtomicBoolean vendorDown = new AtomicBoolean();

    Dag dag(String dagId, boolean waitForDownstream) {
        return DagBuilder.dag(dagId).schedule(Schedules.onSessions("XNYS").at("18:00"))
                .startDate(LocalDate.of(2030, 1, 1), "America/New_York")
                .tasks(g -> {
                    var load = g.task("load", ctx -> 1).dependsOnPast(true).waitForDownstream(waitForDownstream);
                    load.then(g.task("check", ctx -> {
                        if (vendorDown.get()) {
                            throw new IllegalStateException("vendor down");
                        }
                        return 1;
                    }).retries(1).retryDelay(Duration.ofMinutes(1)));
                }).build();
    }

    EngineTestDriver d;
    WhyNotRunning why;

    EngineTestDriver driver(Dag dag) {
        d = EngineTestDriver.create(ds, SettableClock.at("2026-11-24T14:00:00Z"), dag);
        why = new WhyNotRunning(d.registry(), new NodeRegistry(d.parts().stores().nodes(), d.clock(),
                Duration.ofHours(1)), d.parts().stores(), d.clock());
        return d;
    }

    DagRunRow trigger(String dagId, String key) {
        DagRunRow run = d.runs().trigger(dagId, null, null, Map.of(), null, key);
        d.settle();
        return d.runs().get(dagId, run.runId()).orElseThrow();
    }

    @Test
    void the_first_run_does_not_wait_and_a_gap_in_the_sessions_holds_the_next_one_naming_the_missing_session() {
        driver(dag("dop_gap", false));
        DagRunRow first = trigger("dop_gap", "2026-11-19");
        assertThat(d.runState("dop_gap", first.runId())).isEqualTo(DagRunState.SUCCESS);

        DagRunRow afterGap = trigger("dop_gap", "2026-11-23");
        assertThat(d.state(afterGap, "load")).isEqualTo(TaskState.NONE);
        assertThat(why.explain(afterGap, d.ti(afterGap, "load", -1)).blockers()).singleElement()
                .isEqualTo(new WhyNotRunning.DependsOnPast(null, "2026-11-20", Set.of("load")));

        DagRunRow filled = trigger("dop_gap", "2026-11-20");
        assertThat(d.runState("dop_gap", filled.runId())).isEqualTo(DagRunState.SUCCESS);
        d.settle();
        assertThat(d.runState("dop_gap", afterGap.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(why.explain(afterGap, d.ti(afterGap, "load", -1)).blockers()).isEmpty();
    }

    @Test
    void wait_for_downstream_holds_the_task_until_the_previous_sessions_downstream_succeeded() {
        driver(dag("dop_wfd", true));
        vendorDown.set(true);
        DagRunRow previous = trigger("dop_wfd", "2026-11-19");
        assertThat(d.state(previous, "load")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.state(previous, "check")).isEqualTo(TaskState.UP_FOR_RETRY);

        DagRunRow next = trigger("dop_wfd", "2026-11-20");
        assertThat(d.state(next, "load")).isEqualTo(TaskState.NONE);
        assertThat(why.explain(next, d.ti(next, "load", -1)).blockers()).singleElement()
                .isEqualTo(new WhyNotRunning.DependsOnPast(previous.runId(), "2026-11-19", Set.of("load", "check")));

        vendorDown.set(false);
        d.advance(Duration.ofMinutes(1));
        d.settle();

        assertThat(d.runState("dop_wfd", previous.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState("dop_wfd", next.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void without_wait_for_downstream_only_the_task_itself_in_the_previous_run_counts() {
        driver(dag("dop_own", false));
        vendorDown.set(true);
        DagRunRow previous = trigger("dop_own", "2026-11-19");
        assertThat(d.state(previous, "check")).isEqualTo(TaskState.UP_FOR_RETRY);

        DagRunRow next = trigger("dop_own", "2026-11-20");
        assertThat(d.state(next, "load")).isEqualTo(TaskState.SUCCESS);
    }
}
