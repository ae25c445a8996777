package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A finishing transaction that only freed pool slots does not wait for a pool whose row another transaction holds
 * (another node's finishing transaction, mostly): it commits its outcomes, leaves the pool owed, and the owed
 * admission hands the slots out once the pool is free, never beyond the pool's slots.
 */
class PoolLockedElsewhereTest {

    static final int SLOTS = 4;
    static final int WIDTH = 12;

    static DataSource ds;
    static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(PoolLockedElsewhereTest.class.getSimpleName(), 6);
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** source -> work (mapped over WIDTH items) -> join; work in a pool of SLOTS slots, the rest in default_pool. */
    private static Dag fanOut(String dagId) {
        org.springframework.jdbc.core.simple.JdbcClient.create(ds)
                .sql("INSERT INTO pool (name, slots) VALUES (:p, :s) ON CONFLICT DO NOTHING")
                .param("p", dagId).param("s", SLOTS).update();
        return DagBuilder.dag(dagId).maxActiveTasks(WIDTH * 2).tasks(g -> {
            TaskRef source = g.task("source", ctx -> IntStream.range(0, WIDTH).boxed().toList());
            TaskRef work = g.task("work", ctx -> ctx.mapItem(Integer.class)).pool(dagId).expand(source);
            source.then(work).then(g.task("join", ctx -> null));
        }).build();
    }

    private static int inPool(EngineTestDriver d, String pool, String state) {
        return d.parts().jdbc().sql("SELECT count(*) FROM task_instance WHERE pool = :p AND state = :s")
                .param("p", pool).param("s", state).query(Integer.class).single();
    }

    @Test
    void freed_slots_of_a_pool_locked_elsewhere_are_owed_and_handed_out_once_it_is_free() throws Exception {
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), fanOut("narrow"));
        DagRunRow run = d.trigger("narrow");
        d.tick();
        ClaimedTi source = d.claim(1).getFirst();
        d.parts().finisher().finish(List.of(d.parts().runner().run(source)), 0);
        d.parts().running().finished(source);
        List<ClaimedTi> work = d.claim(WIDTH);
        assertThat(work).hasSize(SLOTS).allMatch(t -> t.taskId().equals("work"));
        assertThat(inPool(d, "narrow", "scheduled")).isEqualTo(WIDTH - SLOTS);

        TryFinisher.Finished finished;
        try (Connection other = ds.getConnection()) {
            // what another node's finishing transaction holds from its admission to its commit
            other.setAutoCommit(false);
            try (PreparedStatement s = other.prepareStatement("SELECT name FROM pool WHERE name = 'narrow' FOR UPDATE")) {
                s.executeQuery().close();
            }
            List<TryOutcome> outcomes = work.subList(0, 2).stream().map(t -> d.parts().runner().run(t)).toList();
            Future<TryFinisher.Finished> f = POOL.submit(() -> d.parts().finisher().finish(outcomes, 0));
            // before: the finishing transaction waited here for the other one's commit
            finished = f.get(30, TimeUnit.SECONDS);
            work.subList(0, 2).forEach(t -> d.parts().running().finished(t));
            assertThat(d.state(run, "work", work.getFirst().mapIndex())).isEqualTo(TaskState.SUCCESS);
            assertThat(finished.owed()).containsExactly(new FinishAdmission.Owed("narrow", "narrow"));
            assertThat(finished.queuedForOthers()).isZero();
            assertThat(inPool(d, "narrow", "scheduled")).isEqualTo(WIDTH - SLOTS);

            TryFinisher.OwedAdmitted still = POOL.submit(() -> d.parts().finisher().admitOwed(finished.owed(), 0))
                    .get(30, TimeUnit.SECONDS);
            assertThat(still.owed()).as("still locked elsewhere: still owed, nothing admitted")
                    .containsExactly(new FinishAdmission.Owed("narrow", "narrow"));
            assertThat(still.queuedForOthers()).isZero();
            other.commit();
        }

        TryFinisher.OwedAdmitted paid = d.parts().finisher().admitOwed(finished.owed(), 0);
        assertThat(paid.owed()).isEmpty();
        assertThat(paid.queuedForOthers()).isEqualTo(2);
        assertThat(inPool(d, "narrow", "queued") + inPool(d, "narrow", "running")).isEqualTo(SLOTS);
        assertThat(inPool(d, "narrow", "scheduled")).isEqualTo(WIDTH - SLOTS - 2);

        TryFinisher.OwedAdmitted again = d.parts().finisher().admitOwed(finished.owed(), 0);
        assertThat(again.queuedForOthers()).as("the pool is full: paying twice admits nothing more").isZero();
        assertThat(inPool(d, "narrow", "queued") + inPool(d, "narrow", "running")).isEqualTo(SLOTS);
    }

    @Test
    void an_owed_admission_claims_for_this_node_up_to_its_free_worker_slots() throws Exception {
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), fanOut("narrow_b"));
        DagRunRow run = d.trigger("narrow_b");
        d.tick();
        ClaimedTi source = d.claim(1).getFirst();
        d.parts().finisher().finish(List.of(d.parts().runner().run(source)), 0);
        d.parts().running().finished(source);
        List<ClaimedTi> work = d.claim(WIDTH);
        List<TryOutcome> outcomes = work.subList(0, 3).stream().map(t -> d.parts().runner().run(t)).toList();
        TryFinisher.Finished finished;
        try (Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement s = other.prepareStatement(
                    "SELECT name FROM pool WHERE name = 'narrow_b' FOR UPDATE")) {
                s.executeQuery().close();
            }
            finished = POOL.submit(() -> d.parts().finisher().finish(outcomes, 3)).get(30, TimeUnit.SECONDS);
            other.commit();
        }
        work.subList(0, 3).forEach(t -> d.parts().running().finished(t));
        assertThat(finished.claimedHere()).isEmpty();

        TryFinisher.OwedAdmitted paid = d.parts().finisher().admitOwed(finished.owed(), 2);
        assertThat(paid.claimedHere()).hasSize(2).allMatch(t -> t.taskId().equals("work"));
        assertThat(paid.queuedForOthers()).isEqualTo(1);
        assertThat(d.ti(run, "work", paid.claimedHere().getFirst().mapIndex()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(inPool(d, "narrow_b", "queued") + inPool(d, "narrow_b", "running")).isEqualTo(SLOTS);
    }
}
