package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.InvalidDatasetException;
import io.pipeline.schedule.Partitioning;
import io.pipeline.schedule.Schedules;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DatasetQueries.EventFilter;
import io.pipeline.store.DatasetQueries.EventRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dataset events recorded with a task's success, and runs scheduled on partitions, through the real engine. */
class DatasetsEngineTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(DatasetsEngineTest.class);
    }

    static Dataset bars(String suffix) {
        return Dataset.of("postgres://md/public/bars_" + suffix).partitionedBy(Partitioning.sessionsOf("XNYS"));
    }

    static Dag producer(String dagId, Dataset out) {
        return DagBuilder.dag(dagId).schedule(Schedules.onSessions("XNYS").at("18:00"))
                .startDate(LocalDate.of(2030, 1, 1), "America/New_York")
                .tasks(g -> g.task("load", ctx -> ctx.partitionKey()).produces(out)).build();
    }

    EngineTestDriver driver(Dag... dags) {
        return EngineTestDriver.create(ds, SettableClock.at("2026-11-23T14:00:00Z"), dags);
    }

    List<EventRow> events(EngineTestDriver d, String uri) {
        return d.parts().stores().datasetQueries()
                .events(new EventFilter(null, uri, null, null, null, null, null), 100, 0, null).items();
    }

    @Test
    void a_success_records_an_event_for_the_run_partition_and_a_second_run_adds_to_the_history() {
        Dataset out = bars("a");
        Dag dag = producer("produce_a", out);
        EngineTestDriver d = driver(dag);

        DagRunRow run = d.runs().trigger("produce_a", null, null, null, null, "2026-11-20");
        assertThat(run.partitionKey()).isEqualTo("2026-11-20");
        assertThat(run.logicalDate()).hasToString("2026-11-20T05:00:00Z");
        d.settle();
        assertThat(d.runState("produce_a", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.tis().xcom("produce_a", run.runId(), "load", -1, null).orElseThrow().valueJson())
                .isEqualTo("\"2026-11-20\"");
        d.runs().trigger("produce_a", "again", null, null, null, null);
        d.settle();

        List<EventRow> events = events(d, out.uri());
        assertThat(events).extracting(EventRow::partitionKey).containsExactly("2026-11-20", "2026-11-23");
        assertThat(events.getFirst().sourceDagId()).isEqualTo("produce_a");
        assertThat(events.getFirst().sourceTaskId()).isEqualTo("load");
        assertThat(events.getFirst().sourceRunId()).isEqualTo(run.runId());
    }

    @Test
    void a_failed_try_records_no_event() {
        Dataset out = bars("failing");
        Dag dag = DagBuilder.dag("produce_failing").tasks(g -> g.task("load", ctx -> {
            throw new IllegalStateException("vendor down");
        }).produces(out)).build();
        EngineTestDriver d = driver(dag);
        d.trigger("produce_failing");
        d.settle();
        assertThat(events(d, out.uri())).isEmpty();
    }

    @Test
    void a_task_emits_events_for_other_keys_with_extra_and_an_undeclared_dataset_fails_the_try() {
        Dataset out = bars("backfill");
        Dataset other = bars("other");
        Dag dag = DagBuilder.dag("produce_many").tasks(g -> {
            g.task("load", ctx -> {
                for (String key : List.of("2026-11-18", "2026-11-19")) {
                    ctx.emit(out, key, Map.of("rows", 500));
                }
                return null;
            }).produces(out);
            g.task("stray", ctx -> {
                ctx.emit(other, "2026-11-19", null);
                return null;
            });
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("produce_many");
        d.settle();

        assertThat(events(d, out.uri())).extracting(e -> e.partitionKey() + " " + e.extraJson())
                .containsExactly("2026-11-23 {}", "2026-11-18 {\"rows\": 500}", "2026-11-19 {\"rows\": 500}");
        assertThat(d.state(run, "stray")).isEqualTo(TaskState.FAILED);
        assertThat(events(d, other.uri())).isEmpty();
    }

    @Test
    void a_partition_schedule_runs_once_every_input_has_the_key_and_the_waiting_run_names_what_is_missing() {
        Dataset bars = bars("1d_p");
        Dataset fundamentals = Dataset.of("postgres://md/public/fundamentals_p")
                .partitionedBy(Partitioning.sessionsOf("XNYS"));
        Dag a = producer("bars_p", bars);
        Dag b = producer("fund_p", fundamentals);
        Dag consumer = DagBuilder.dag("risk_p").schedule(Schedules.onPartitions(bars, fundamentals))
                .tasks(g -> g.task("queue", ctx -> ctx.partitionKey() + " " + ctx.session())).build();
        EngineTestDriver d = driver(a, b, consumer);

        d.runs().trigger("bars_p", null, null, null, null, "2026-11-20");
        d.settle();

        DagRunRow waiting = d.runs().list("risk_p", null, 10, 0, null).items().getFirst();
        assertThat(waiting.partitionKey()).isEqualTo("2026-11-20");
        assertThat(waiting.runType()).isEqualTo("dataset_triggered");
        assertThat(waiting.state()).isEqualTo(DagRunState.QUEUED);
        DatasetGate.Check check = new DatasetGate(d.parts().stores().datasets()).check(consumer, waiting);
        assertThat(check.missing()).extracting(Object::toString)
                .containsExactly("postgres://md/public/fundamentals_p[2026-11-20]");

        d.runs().trigger("fund_p", null, null, null, null, "2026-11-20");
        d.settle();

        assertThat(d.runState("risk_p", waiting.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.tis().xcom("risk_p", waiting.runId(), "queue", -1, null).orElseThrow().valueJson())
                .isEqualTo("\"2026-11-20 2026-11-20\"");
        assertThat(d.parts().stores().datasetQueries().upstreamEvents("risk_p", waiting.runId()))
                .extracting(EventRow::datasetUri).containsExactly(bars.uri(), fundamentals.uri());
        assertThat(d.runs().list("risk_p", null, 10, 0, null).totalEntries()).isEqualTo(1);
    }

    @Test
    void a_newer_event_for_a_key_reruns_a_consumer_that_asks_for_it_and_only_that_one() {
        Dataset bars = bars("restated");
        Dag p = producer("restate_p", bars);
        Dag once = DagBuilder.dag("restate_once").schedule(Schedules.onPartitions(bars))
                .tasks(g -> g.task("t", ctx -> ctx.partitionKey())).build();
        Dag again = DagBuilder.dag("restate_again").schedule(Schedules.onPartitions(bars).rerunOnUpdate())
                .tasks(g -> g.task("t", ctx -> ctx.partitionKey())).build();
        EngineTestDriver d = driver(p, once, again);
        d.runs().trigger("restate_p", null, null, null, null, "2026-11-20");
        d.settle();
        DagRunRow first = d.runs().list("restate_again", null, 10, 0, null).items().getFirst();
        assertThat(first.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.ti(first, "t", -1).tryNumber()).isEqualTo(1);

        new DatasetService(d.parts().stores(), d.parts().tx(), d.clock(), d.registry())
                .report(bars.uri(), "2026-11-20", "{\"restated\": true}");
        d.settle();

        DagRunRow rerun = d.runs().list("restate_again", null, 10, 0, null).items().getFirst();
        assertThat(d.runs().list("restate_again", null, 10, 0, null).totalEntries()).isEqualTo(1);
        assertThat(rerun.runId()).isEqualTo(first.runId());
        assertThat(rerun.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.ti(rerun, "t", -1).tryNumber()).isEqualTo(2);
        assertThat(d.parts().stores().datasetQueries().upstreamEvents("restate_again", rerun.runId()))
                .extracting(EventRow::extraJson).containsExactly("{}", "{\"restated\": true}");
        DagRunRow kept = d.runs().list("restate_once", null, 10, 0, null).items().getFirst();
        assertThat(d.ti(kept, "t", -1).tryNumber()).isEqualTo(1);
        assertThat(events(d, bars.uri())).hasSize(2);
        assertThatThrownBy(() -> Schedules.onDatasets(bars).rerunOnUpdate())
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("onDatasets");
    }

    @Test
    void a_newer_event_while_the_consumer_runs_reruns_it_once_after_it_has_finished() {
        Dataset bars = bars("restated_live");
        Dag p = producer("restate_live_p", bars);
        Dag again = DagBuilder.dag("restate_live").schedule(Schedules.onPartitions(bars).rerunOnUpdate())
                .tasks(g -> g.task("t", ctx -> ctx.partitionKey())).build();
        EngineTestDriver d = driver(p, again);
        d.runs().trigger("restate_live_p", null, null, null, null, "2026-11-20");
        d.tick();
        d.runQueued();
        d.tick(); // creates the consumer's run and starts it: its task is queued
        DagRunRow run = d.runs().list("restate_live", null, 10, 0, null).items().getFirst();
        assertThat(run.state()).isEqualTo(DagRunState.RUNNING);

        new DatasetService(d.parts().stores(), d.parts().tx(), d.clock(), d.registry())
                .report(bars.uri(), "2026-11-20", null);
        d.tick();
        assertThat(d.ti(run, "t", -1).state()).isEqualTo(TaskState.QUEUED);
        d.settle();

        assertThat(d.runState("restate_live", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.ti(run, "t", -1).tryNumber()).isEqualTo(2);
    }

    @Test
    void a_schedule_on_updates_runs_when_each_dataset_was_updated_since_the_last_run() {
        Dataset x = Dataset.of("s3://vendor/x");
        Dataset y = Dataset.of("s3://vendor/y");
        Dag px = DagBuilder.dag("px").tasks(g -> g.task("t", ctx -> 1).produces(x)).build();
        Dag py = DagBuilder.dag("py").tasks(g -> g.task("t", ctx -> 1).produces(y)).build();
        Dag consumer = DagBuilder.dag("on_xy").schedule(Schedules.onDatasets(x, y))
                .tasks(g -> g.task("t", ctx -> 1)).build();
        EngineTestDriver d = driver(px, py, consumer);

        d.trigger("px");
        d.settle();
        assertThat(d.runs().list("on_xy", null, 10, 0, null).totalEntries()).isZero();
        d.trigger("py");
        d.settle();

        List<DagRunRow> runs = d.runs().list("on_xy", null, 10, 0, null).items();
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.runType()).isEqualTo("dataset_triggered");
            assertThat(r.state()).isEqualTo(DagRunState.SUCCESS);
        });
        assertThat(d.parts().stores().datasetQueries().upstreamEvents("on_xy", runs.getFirst().runId()))
                .extracting(EventRow::datasetUri).containsExactly(x.uri(), y.uri());
    }

    @Test
    void a_partition_key_that_is_not_a_session_is_refused_naming_it() {
        EngineTestDriver d = driver(producer("produce_holiday", bars("h")));
        assertThatThrownBy(() -> d.runs().trigger("produce_holiday", null, null, null, null, "2026-11-26"))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("2026-11-26")
                .hasMessageContaining("sessions:XNYS");
        Dag manual = DagBuilder.dag("manual_only").tasks(g -> g.task("t", ctx -> 1)).build();
        EngineTestDriver d2 = driver(manual);
        assertThatThrownBy(() -> d2.runs().trigger("manual_only", null, null, null, null, "2026-11-20"))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("2026-11-20");
    }

    @Test
    void a_cycle_through_datasets_is_an_import_error_naming_it_and_the_other_dags_load() {
        Dataset x = Dataset.of("s3://cycle/x");
        Dataset y = Dataset.of("s3://cycle/y");
        DagDefinition a = () -> DagBuilder.dag("cycle_a").schedule(Schedules.onDatasets(y))
                .tasks(g -> g.task("t", ctx -> 1).produces(x)).build();
        DagDefinition b = () -> DagBuilder.dag("cycle_b").schedule(Schedules.onDatasets(x))
                .tasks(g -> g.task("t", ctx -> 1).produces(y)).build();
        DagDefinition fine = () -> DagBuilder.dag("fine").schedule(Schedules.onDatasets(x))
                .tasks(g -> g.task("t", ctx -> 1)).build();

        DagBag bag = DagBag.of(List.of(a, b, fine));

        assertThat(bag.dags()).containsOnlyKeys("fine");
        assertThat(bag.importErrors()).extracting(e -> e.dagId()).containsExactlyInAnyOrder("cycle_a", "cycle_b");
        assertThat(bag.importErrors()).allSatisfy(e -> assertThat(e.message()).contains("cycle through datasets")
                .contains("-[s3://cycle/x]->").contains("-[s3://cycle/y]->"));
    }

    @Test
    void a_backfill_of_missing_partitions_plans_only_the_sessions_without_an_event() {
        Dataset out = bars("backfilled");
        Dag dag = DagBuilder.dag("produce_bf").schedule(Schedules.onSessions("XNYS").at("18:00"))
                .startDate(LocalDate.of(2026, 1, 2), "America/New_York")
                .tasks(g -> g.task("load", ctx -> 1).produces(out)).build();
        EngineTestDriver d = driver(dag);
        d.runs().trigger("produce_bf", null, null, null, null, "2026-11-18");
        d.settle(); // also runs the latest due scheduled run: the session of 2026-11-20
        io.pipeline.ops.BackfillService backfills = new io.pipeline.ops.BackfillService(d.parts().stores(),
                d.parts().tx(), d.clock(), d.registry(), d.parts().recorder(), null);
        var request = io.pipeline.ops.BackfillRequest.of("produce_bf", java.time.Instant.parse("2026-11-16T05:00:00Z"),
                java.time.Instant.parse("2026-11-20T05:00:00Z"));

        assertThat(backfills.plan(request)).hasSize(5);
        assertThat(backfills.plan(request.onlyMissingPartitionsOf(out.uri())))
                .extracting(r -> r.session().toString())
                .containsExactly("2026-11-16", "2026-11-17", "2026-11-19");
        assertThatThrownBy(() -> backfills.plan(request.onlyMissingPartitionsOf("s3://unknown/x")))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("s3://unknown/x");
    }

    @Test
    void datasets_and_their_references_are_stored_at_load() {
        Dataset out = bars("refs");
        Dag p = producer("refs_p", out);
        Dag c = DagBuilder.dag("refs_c").schedule(Schedules.onPartitions(out)).tasks(g -> g.task("t", ctx -> 1)
                .consumes(out)).build();
        EngineTestDriver d = driver(p, c);
        var row = d.parts().stores().datasetQueries().get(out.uri()).orElseThrow();
        assertThat(row.partitioning()).isEqualTo("sessions:XNYS");
        assertThat(row.producingTasks()).extracting(r -> r.dagId() + "." + r.taskId()).containsExactly("refs_p.load");
        assertThat(row.consumingTasks()).extracting(r -> r.dagId() + "." + r.taskId()).containsExactly("refs_c.t");
        assertThat(row.scheduledDags()).extracting(r -> r.dagId() + " " + r.mapping())
                .containsExactly("refs_c same_session");
        assertThat(JdbcClient.create(ds).sql("SELECT count(*) FROM dataset WHERE uri = :u").param("u", out.uri())
                .query(Long.class).single()).isEqualTo(1);
    }
}
