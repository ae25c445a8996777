package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several finishers (threads on their own connections, as several nodes are) writing the instances of one wide
 * fan-out at once: a success of a mapped instance only takes a shared lock of the run, the counters carry the
 * decision to move the run on, and the run still ends exactly once, in the right state, never early, also while an
 * operator clears the fan-out.
 */
class ConcurrentFinishersTest {

    static final int WIDTH = 96;
    static final int THREADS = 4;
    static final int BATCH = 4;

    static DataSource ds;
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS + 1);

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(ConcurrentFinishersTest.class.getSimpleName(), 12);
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /**
     * source -> work (mapped over WIDTH items; item {@code failing} fails, none if negative) -> join, in a pool of
     * the DAG's own, so that the tests' fan-outs do not take each other's slots.
     */
    private static Dag fanOut(String dagId, int failing) {
        org.springframework.jdbc.core.simple.JdbcClient.create(ds).sql("INSERT INTO pool (name, slots) VALUES (:p, :s) ON CONFLICT DO NOTHING")
                .param("p", dagId).param("s", WIDTH + 8).update();
        return DagBuilder.dag(dagId).maxActiveTasks(WIDTH * 2).defaults(t -> t.pool(dagId)).tasks(g -> {
            TaskRef source = g.task("source", ctx -> IntStream.range(0, WIDTH).boxed().toList());
            TaskRef work = g.task("work", ctx -> {
                int item = ctx.mapItem(Integer.class);
                if (item == failing) {
                    throw new IllegalStateException("item " + item + " is bad");
                }
                return null;
            }).expand(source);
            source.then(work).then(g.task("join", ctx -> null));
        }).build();
    }

    /** Runs the source and claims every instance of the fan-out on this node. */
    private static List<ClaimedTi> claimFanOut(EngineTestDriver d) {
        d.tick();
        ClaimedTi source = d.claim(1).getFirst();
        assertThat(source.taskId()).isEqualTo("source");
        finish(d, List.of(source));
        List<ClaimedTi> work = d.claim(WIDTH * 2);
        assertThat(work.size()).isEqualTo(WIDTH);
        assertThat(work).allMatch(t -> t.taskId().equals("work"));
        return work;
    }

    /** Runs the tries and writes them in one finishing transaction, claiming nothing for this node. */
    private static void finish(EngineTestDriver d, List<ClaimedTi> tis) {
        List<TryOutcome> outcomes = tis.stream().map(t -> d.parts().runner().run(t)).toList();
        d.parts().finisher().finish(outcomes, 0);
        tis.forEach(t -> d.parts().running().finished(t));
    }

    /** Splits {@code tis} over THREADS threads that start together, each finishing its share BATCH at a time. */
    private static List<Callable<Void>> finishers(EngineTestDriver d, List<ClaimedTi> tis, CyclicBarrier start) {
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            jobs.add(() -> {
                List<ClaimedTi> mine = IntStream.range(0, tis.size()).filter(i -> i % THREADS == thread)
                        .mapToObj(tis::get).toList();
                start.await(30, TimeUnit.SECONDS);
                for (int i = 0; i < mine.size(); i += BATCH) {
                    finish(d, mine.subList(i, Math.min(mine.size(), i + BATCH)));
                }
                return null;
            });
        }
        return jobs;
    }

    private static void runAll(List<Callable<Void>> jobs) throws Exception {
        List<Future<Void>> done = new ArrayList<>();
        for (Callable<Void> j : jobs) {
            done.add(POOL.submit(j));
        }
        for (Future<Void> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    private static long runEnds(EngineTestDriver d, String dagId, DagRunState to) {
        return d.changes().runs.stream().filter(c -> c.dagId().equals(dagId) && c.to() == to).count();
    }

    private static int counter(EngineTestDriver d, DagRunRow run, String task) {
        return d.parts().jdbc().sql("SELECT unfinished FROM task_progress WHERE run_pk = :r AND task_id = :t")
                .param("r", run.id()).param("t", task).query(Integer.class).single();
    }

    private static int unfinished(EngineTestDriver d, DagRunRow run, String task) {
        return d.parts().jdbc().sql("""
                        SELECT count(*) FROM task_instance WHERE run_pk = :r AND task_id = :t
                        AND state IN ('none', 'scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule',
                                      'deferred')""")
                .param("r", run.id()).param("t", task).query(Integer.class).single();
    }

    @Test
    void a_mapped_success_commits_while_another_finisher_of_the_run_holds_its_transaction_open() throws Exception {
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), fanOut("shared", -1));
        DagRunRow run = d.trigger("shared");
        List<ClaimedTi> work = claimFanOut(d);

        try (Connection other = ds.getConnection()) {
            // what another node's finishing transaction of the same fan-out holds until it commits
            other.setAutoCommit(false);
            try (PreparedStatement s = other.prepareStatement("SELECT id FROM dag_run WHERE id = ? FOR SHARE")) {
                s.setLong(1, run.id());
                s.executeQuery().close();
            }
            Future<?> finished = POOL.submit(() -> finish(d, work.subList(0, 2)));
            finished.get(60, TimeUnit.SECONDS);
            assertThat(d.state(run, "work", work.getFirst().mapIndex())).isEqualTo(TaskState.SUCCESS);
            other.commit();
        }
        assertThat(counter(d, run, "work")).isEqualTo(WIDTH - 2);
    }

    @Test
    void concurrent_finishers_of_a_wide_fan_out_end_the_run_in_success_exactly_once() throws Exception {
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), fanOut("wide", -1));
        DagRunRow run = d.trigger("wide");
        List<ClaimedTi> work = claimFanOut(d);

        runAll(finishers(d, work, new CyclicBarrier(THREADS)));

        assertThat(d.tis().instancesOf("wide", run.runId(), "work")).hasSize(WIDTH)
                .allMatch(t -> t.state() == TaskState.SUCCESS);
        assertThat(counter(d, run, "work")).isZero();
        assertThat(d.changes().of("join")).extracting(c -> c.from().value() + ">" + c.to().value())
                .as("the one finisher that counted the last instance off made the join ready, once")
                .containsExactly("none>scheduled", "scheduled>queued");
        assertThat(d.runState("wide", run.runId())).isEqualTo(DagRunState.RUNNING);

        d.settle();
        assertThat(d.runState("wide", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(runEnds(d, "wide", DagRunState.SUCCESS)).isEqualTo(1);
        assertThat(runEnds(d, "wide", DagRunState.FAILED)).isZero();
    }

    @Test
    void a_failure_among_concurrent_finishers_fails_the_run_once_after_the_last_instance() throws Exception {
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"),
                fanOut("wide_fail", 37));
        DagRunRow run = d.trigger("wide_fail");
        List<ClaimedTi> work = claimFanOut(d);
        ClaimedTi last = work.stream().filter(t -> t.mapIndex() != 37).toList().getLast();
        List<ClaimedTi> others = work.stream().filter(t -> t != last).toList();

        runAll(finishers(d, others, new CyclicBarrier(THREADS)));

        assertThat(d.state(run, "work", 37)).isEqualTo(TaskState.FAILED);
        assertThat(d.state(run, "join")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(d.runState("wide_fail", run.runId())).as("an instance still runs").isEqualTo(DagRunState.RUNNING);
        assertThat(runEnds(d, "wide_fail", DagRunState.FAILED)).isZero();

        finish(d, List.of(last));
        assertThat(d.runState("wide_fail", run.runId())).isEqualTo(DagRunState.FAILED);
        d.settle();
        assertThat(runEnds(d, "wide_fail", DagRunState.FAILED)).isEqualTo(1);
        assertThat(runEnds(d, "wide_fail", DagRunState.SUCCESS)).isZero();
    }

    @Test
    void an_operator_clearing_the_fan_out_while_finishers_write_it_leaves_counters_true_and_the_run_ends_once()
            throws Exception {
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"),
                fanOut("wide_clear", -1));
        DagRunRow run = d.trigger("wide_clear");
        List<ClaimedTi> work = claimFanOut(d);
        var ops = d.operations();
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        List<Callable<Void>> jobs = new ArrayList<>(finishers(d, work, start));
        jobs.add(() -> {
            start.await(30, TimeUnit.SECONDS);
            ops.clear(ClearRequest.of("wide_clear", TaskScope.ids("work"), RunScope.run(run.runId())),
                    Actor.api("alice"));
            return null;
        });

        runAll(jobs);

        assertThat(counter(d, run, "work")).as("the counter agrees with the instances, whatever the order")
                .isEqualTo(unfinished(d, run, "work"));
        assertThat(unfinished(d, run, "work")).as("the clear sends every instance back to none, whichever outcomes "
                + "were written before it").isEqualTo(WIDTH);
        assertThat(d.runState("wide_clear", run.runId())).isEqualTo(DagRunState.RUNNING);
        assertThat(runEnds(d, "wide_clear", DagRunState.SUCCESS)).isZero();

        d.settle();
        assertThat(d.tis().instancesOf("wide_clear", run.runId(), "work")).hasSize(WIDTH)
                .allMatch(t -> t.state() == TaskState.SUCCESS);
        assertThat(d.state(run, "join")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.runState("wide_clear", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(runEnds(d, "wide_clear", DagRunState.SUCCESS)).isEqualTo(1);
    }
}
