package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.schedule.Schedules;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduled run creation: catchup, catchup off, DST days, idempotence under racing schedulers, limits, pause. */
class RunCreationTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(RunCreationTest.class.getSimpleName(), 20);
    }

    static Dag daily(String id, boolean catchup) {
        return DagBuilder.dag(id).schedule("0 6 * * *", "America/New_York").catchup(catchup)
                .startDate(Instant.parse("2026-01-01T11:00:00Z"))
                .tasks(g -> g.task("t", ctx -> null)).build();
    }

    List<DagRunRow> runs(EngineTestDriver d, String dagId) {
        return d.runs().list(dagId, DagRunFilter.none(), 1000, 0, "logical_date").items();
    }

    @Test
    void catchup_creates_every_missed_run_at_start() {
        SettableClock clock = SettableClock.at("2026-01-06T12:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, daily("catching_up", true));

        d.tick();

        // daily at 06:00 New York (11:00Z) from 2026-01-01: intervals starting Jan 1..4 have ended by Jan 6 12:00Z
        // (the one starting Jan 5 ends Jan 6 11:00Z, so it is due too)
        assertThat(runs(d, "catching_up")).extracting(DagRunRow::logicalDate).containsExactly(
                Instant.parse("2026-01-01T11:00:00Z"), Instant.parse("2026-01-02T11:00:00Z"),
                Instant.parse("2026-01-03T11:00:00Z"), Instant.parse("2026-01-04T11:00:00Z"),
                Instant.parse("2026-01-05T11:00:00Z"));
        assertThat(runs(d, "catching_up")).allSatisfy(r -> {
            assertThat(r.runType()).isEqualTo("scheduled");
            assertThat(r.runId()).isEqualTo("scheduled__" + r.logicalDate());
            assertThat(r.dataIntervalEnd()).isEqualTo(r.logicalDate().plus(Duration.ofDays(1)));
        });
        assertThat(d.registry().find("catching_up").orElseThrow().nextRunAfter())
                .isEqualTo(Instant.parse("2026-01-07T11:00:00Z"));

        d.tick();
        assertThat(runs(d, "catching_up")).hasSize(5);
        clock.set(Instant.parse("2026-01-07T11:00:00Z"));
        d.tick();
        assertThat(runs(d, "catching_up")).hasSize(6);
    }

    @Test
    void without_catchup_only_the_latest_due_run_is_created() {
        SettableClock clock = SettableClock.at("2026-01-06T12:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, daily("no_catchup", false));

        d.tick();
        d.tick();

        assertThat(runs(d, "no_catchup")).extracting(DagRunRow::logicalDate)
                .containsExactly(Instant.parse("2026-01-05T11:00:00Z"));
    }

    @Test
    void a_dag_whose_next_run_is_not_due_is_not_planned_again_until_it_is() {
        SettableClock clock = SettableClock.at("2026-01-06T12:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, daily("not_due", false));
        d.tick();
        assertThat(runs(d, "not_due")).hasSize(1);

        // The run is deleted behind the step's back: a pass that re-planned the DAG would create it again (it is the
        // latest due), a pass that knows the next run is due Jan 7 11:00Z leaves the DAG alone until then.
        org.springframework.jdbc.core.simple.JdbcClient.create(ds)
                .sql("DELETE FROM dag_run WHERE dag_id = 'not_due'").update();
        clock.set(Instant.parse("2026-01-07T10:59:00Z"));
        d.tick();
        assertThat(runs(d, "not_due")).isEmpty();

        clock.set(Instant.parse("2026-01-07T11:00:00Z"));
        d.tick();
        assertThat(runs(d, "not_due")).extracting(DagRunRow::logicalDate)
                .containsExactly(Instant.parse("2026-01-06T11:00:00Z"));
    }

    @Test
    void a_reloaded_or_unpaused_dag_is_planned_again_at_once() {
        SettableClock clock = SettableClock.at("2026-01-06T12:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, daily("replanned", false));
        d.tick();
        assertThat(runs(d, "replanned")).hasSize(1); // next due Jan 7 11:00Z

        Dag hourly = DagBuilder.dag("replanned").schedule("0 * * * *", "UTC").catchup(false)
                .startDate(Instant.parse("2026-01-01T11:00:00Z")).tasks(g -> g.task("t", ctx -> null)).build();
        d.load(List.of(hourly), List.of());
        clock.set(Instant.parse("2026-01-06T13:30:00Z"));
        d.tick();
        assertThat(runs(d, "replanned")).extracting(DagRunRow::logicalDate)
                .contains(Instant.parse("2026-01-06T12:00:00Z"));
        int before = runs(d, "replanned").size();

        d.registry().pause("replanned", true);
        d.tick();
        clock.set(Instant.parse("2026-01-06T16:30:00Z"));
        d.registry().pause("replanned", false);
        d.tick();
        assertThat(runs(d, "replanned")).hasSize(before + 1).extracting(DagRunRow::logicalDate)
                .contains(Instant.parse("2026-01-06T15:00:00Z"));
    }

    @Test
    void many_dags_due_at_once_get_their_runs_and_task_instances_in_batches_and_a_taken_date_is_skipped() {
        int n = CreateDueRunsStep.RUNS_PER_TRANSACTION * 2 + 30;
        List<Dag> herd = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            herd.add(DagBuilder.dag("batch_%03d".formatted(i)).schedule("0 6 * * *", "America/New_York")
                    .catchup(false).startDate(Instant.parse("2026-01-01T11:00:00Z"))
                    .tasks(g -> g.task("start", ctx -> null).then(g.task("end", ctx -> null))).build());
        }
        SettableClock clock = SettableClock.at("2026-01-06T10:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, herd.toArray(Dag[]::new));
        d.tick(); // the Jan 5 run of each DAG
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(ds);
        // A run of one DAG already holds the Jan 6 date: the batch it falls in creates the others all the same.
        DagRunRow other = d.runs().trigger("batch_150", "taken_first", Instant.parse("2026-01-06T11:00:00Z"),
                null, null);

        clock.set(Instant.parse("2026-01-07T11:00:00Z"));
        int created = d.parts().createDueRuns().createDue(herd, clock.instant());

        assertThat(created).isEqualTo(n - 1);
        String due = "2026-01-06T11:00:00Z";
        assertThat(jdbc.sql("SELECT count(*) FROM dag_run WHERE dag_id LIKE 'batch_%' AND logical_date = CAST(:ld AS timestamptz)")
                .param("ld", due).query(Long.class).single()).isEqualTo(n);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM task_instance t JOIN dag_run r ON r.id = t.run_pk
                WHERE r.dag_id LIKE 'batch_%' AND r.logical_date = CAST(:ld AS timestamptz) AND t.state = 'none'
                  AND t.dag_id = r.dag_id
                """).param("ld", due).query(Long.class).single()).isEqualTo(2L * n);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM task_progress p JOIN dag_run r ON r.id = p.run_pk
                WHERE r.dag_id LIKE 'batch_%' AND r.logical_date = CAST(:ld AS timestamptz) AND p.unfinished = 1
                """).param("ld", due).query(Long.class).single()).isEqualTo(2L * n);
        assertThat(d.runs().get("batch_150", other.runId()).orElseThrow().runType())
                .as("the run that existed is left as it was").isEqualTo("manual");
        assertThat(d.registry().find("batch_000").orElseThrow().nextRunAfter())
                .isEqualTo(Instant.parse("2026-01-08T11:00:00Z"));
        assertThat(d.registry().find("batch_150").orElseThrow().nextRunAfter())
                .isEqualTo(Instant.parse("2026-01-08T11:00:00Z"));

        assertThat(d.parts().createDueRuns().createDue(herd, clock.instant())).as("creation is idempotent").isZero();
        d.tick();
        assertThat(jdbc.sql("SELECT count(*) FROM dag_run WHERE dag_id LIKE 'batch_%'").query(Long.class).single())
                .isEqualTo(2L * n);
    }

    @Test
    void a_run_at_a_time_that_dst_skips_or_repeats_happens_once_that_day() {
        Dag springForward = DagBuilder.dag("dst_0230").schedule("30 2 * * *", "America/New_York").catchup(true)
                .startDate(Instant.parse("2026-03-06T12:00:00Z")).tasks(g -> g.task("t", ctx -> null)).build();
        Dag fallBack = DagBuilder.dag("dst_0130").schedule("30 1 * * *", "America/New_York").catchup(true)
                .startDate(Instant.parse("2026-10-30T12:00:00Z")).tasks(g -> g.task("t", ctx -> null)).build();
        SettableClock clock = SettableClock.at("2026-03-06T12:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, springForward, fallBack);
        ZoneId ny = ZoneId.of("America/New_York");

        for (Instant t = clock.instant(); t.isBefore(Instant.parse("2026-03-10T12:00:00Z")); t = t.plus(Duration.ofHours(1))) {
            clock.set(t);
            d.tick();
        }
        d.registry().pause("dst_0230", true);
        clock.set(Instant.parse("2026-10-30T12:00:00Z"));
        for (Instant t = clock.instant(); t.isBefore(Instant.parse("2026-11-03T12:00:00Z")); t = t.plus(Duration.ofHours(1))) {
            clock.set(t);
            d.tick();
        }

        List<LocalDate> springDays = runs(d, "dst_0230").stream()
                .map(r -> r.logicalDate().atZone(ny).toLocalDate()).toList();
        assertThat(springDays).containsExactly(LocalDate.parse("2026-03-07"), LocalDate.parse("2026-03-08"),
                LocalDate.parse("2026-03-09"));
        assertThat(runs(d, "dst_0230").stream().filter(r -> r.logicalDate().atZone(ny).toLocalDate()
                .equals(LocalDate.parse("2026-03-08")))).singleElement()
                .satisfies(r -> assertThat(r.logicalDate()).isEqualTo(Instant.parse("2026-03-08T07:30:00Z")));
        List<DagRunRow> fallRuns = runs(d, "dst_0130").stream().filter(r -> r.logicalDate().atZone(ny).toLocalDate()
                .equals(LocalDate.parse("2026-11-01"))).toList();
        assertThat(fallRuns).singleElement().satisfies(r -> assertThat(r.logicalDate())
                .isEqualTo(Instant.parse("2026-11-01T05:30:00Z")));
        assertThat(runs(d, "dst_0130").stream().map(r -> r.logicalDate().atZone(ny).toLocalDate()))
                .containsExactly(LocalDate.parse("2026-10-31"), LocalDate.parse("2026-11-01"),
                        LocalDate.parse("2026-11-02"));
    }

    @Test
    void two_schedulers_racing_create_exactly_one_run_per_logical_date() throws Exception {
        Dag dag = DagBuilder.dag("raced").schedule("*/5 * * * *", "UTC").catchup(true)
                .startDate(Instant.parse("2026-02-01T00:00:00Z")).tasks(g -> g.task("t", ctx -> null)).build();
        SettableClock clock = SettableClock.at("2026-02-01T06:00:00Z");
        EngineTestDriver a = EngineTestDriver.create(ds, clock,
                EngineConfig.defaults("node-a").withQuartz(false), dag);
        EngineTestDriver b = EngineTestDriver.create(ds, clock,
                EngineConfig.defaults("node-b").withQuartz(false), dag);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<Integer>> created = new ArrayList<>();
                for (EngineTestDriver d : List.of(a, b)) {
                    created.add(pool.submit(() -> {
                        barrier.await();
                        return d.parts().createDueRuns().createDue(dag, clock.instant());
                    }));
                }
                int total = created.get(0).get() + created.get(1).get();
                assertThat(total).isLessThanOrEqualTo(CreateDueRunsStep.MAX_RUNS_PER_DAG_PER_PASS);
                clock.advance(Duration.ofHours(1));
            }
        } finally {
            pool.shutdownNow();
        }

        List<DagRunRow> runs = runs(a, "raced");
        assertThat(runs).extracting(DagRunRow::logicalDate).doesNotHaveDuplicates();
        // every 5 minutes from 00:00 to 09:00 (the last pass at 09:00 sees intervals that ended by then)
        assertThat(runs).hasSize(9 * 12);
    }

    @Test
    void max_active_runs_holds_further_runs_queued_and_a_paused_dag_starts_none() {
        Dag dag = DagBuilder.dag("one_at_a_time").maxActiveRuns(1)
                .tasks(g -> g.task("t", ctx -> null)).build();
        SettableClock clock = SettableClock.at("2026-02-01T06:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, dag);
        DagRunRow first = d.runs().trigger("one_at_a_time", "first", Instant.parse("2026-01-01T00:00:00Z"), null, null);
        DagRunRow second = d.runs().trigger("one_at_a_time", "second", Instant.parse("2026-01-02T00:00:00Z"), null, null);

        d.tick();
        assertThat(d.runState("one_at_a_time", "first")).isEqualTo(DagRunState.RUNNING);
        assertThat(d.runState("one_at_a_time", "second")).isEqualTo(DagRunState.QUEUED);
        d.registry().pause("one_at_a_time", true);
        d.runQueued();
        d.tick();
        assertThat(d.runState("one_at_a_time", "first")).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState("one_at_a_time", "second")).isEqualTo(DagRunState.QUEUED);

        d.registry().pause("one_at_a_time", false);
        d.settle();
        assertThat(d.runState("one_at_a_time", second.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(first.runId()).isEqualTo("first");
    }

    @Test
    void a_pool_limits_how_many_instances_are_queued_or_running_at_once() {
        Dag dag = DagBuilder.dag("pooled").maxActiveTasks(50).tasks(g -> {
            var source = g.task("source", ctx -> List.of(1, 2, 3, 4, 5));
            source.then(g.task("work", ctx -> null).expand(source).pool("narrow"));
        }).build();
        SettableClock clock = SettableClock.at("2026-02-01T06:00:00Z");
        EngineTestDriver d = EngineTestDriver.create(ds, clock, dag);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES ('narrow', 2)").update();
        DagRunRow run = d.trigger("pooled");

        d.tick();
        d.runQueued();
        d.tick();

        long active = d.tis().instancesOf("pooled", run.runId(), "work").stream()
                .filter(ti -> ti.state().isActive()).count();
        assertThat(active).isZero();
        assertThat(d.changes().tasks.stream().filter(c -> c.taskId().equals("work")
                && c.to() == io.pipeline.state.TaskState.QUEUED)).hasSize(5);
        assertThat(d.runState("pooled", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(maxConcurrentlyActive(d, "work")).isLessThanOrEqualTo(2);
        assertThat(Schedules.manual().isManual()).isTrue();
    }

    /** Replays the recorded changes and returns the most instances ever queued or running together. */
    static int maxConcurrentlyActive(EngineTestDriver d, String taskId) {
        int active = 0;
        int max = 0;
        for (var c : d.changes().of(taskId)) {
            if (c.to() == io.pipeline.state.TaskState.QUEUED) {
                active++;
            } else if (c.from() == io.pipeline.state.TaskState.RUNNING) {
                active--;
            }
            max = Math.max(max, active);
        }
        return max;
    }
}
