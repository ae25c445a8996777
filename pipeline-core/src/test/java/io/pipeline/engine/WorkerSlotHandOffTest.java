package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.Await;
import io.pipeline.testing.EngineNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unmapped try keeps its worker slot until its outcome is written, and the finishing transaction starts the task
 * it made ready on that slot: a chain's next link is not queued behind the TIs already queued for the node while the
 * claim thread hands the freed slot to one of them.
 */
class WorkerSlotHandOffTest {

    @RegisterExtension
    static final EngineNodes nodes = new EngineNodes();

    @Test
    void a_chains_next_link_starts_on_the_slot_its_link_kept_while_the_finisher_was_busy() throws Exception {
        CountDownLatch linkMayEnd = new CountDownLatch(1);
        CountDownLatch zMayEnd = new CountDownLatch(1);
        AtomicBoolean linkEnded = new AtomicBoolean();
        Dag chain = DagBuilder.dag("handoff_chain").tasks(g -> g.task("a", ctx -> {
            linkMayEnd.await(30, TimeUnit.SECONDS);
            linkEnded.set(true);
            return null;
        }).then(g.task("b", ctx -> null).priorityWeight(10))).build();
        Dag busy = DagBuilder.dag("handoff_busy").tasks(g -> g.task("z", ctx -> {
            zMayEnd.await(30, TimeUnit.SECONDS);
            return null;
        })).build();
        // queued before b is ready, and lower in priority: it must not take the slot b's link had
        Dag other = DagBuilder.dag("handoff_other").tasks(g -> g.task("y", ctx -> {
            Thread.sleep(2_000);
            return null;
        }).priorityWeight(1)).build();
        Engine node = nodes.start(EngineNodes.node("handoff-node").withWorkerConcurrency(2), chain, busy, other);

        DagRunRow c = nodes.trigger(node, "handoff_chain");
        DagRunRow z = nodes.trigger(node, "handoff_busy");
        Await.until(Duration.ofSeconds(20), "a and z running",
                () -> "running".equals(state(c, "a")) && "running".equals(state(z, "z")));
        DagRunRow o = nodes.trigger(node, "handoff_other");
        Await.until(Duration.ofSeconds(20), "y queued, both slots taken", () -> "queued".equals(state(o, "y")));

        try (Connection blocker = nodes.dataSource().getConnection()) {
            // hold z's run row: z's finishing transaction waits for it, so a's outcome waits for the finisher
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT id FROM dag_run WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, z.id());
                lock.executeQuery().close();
            }
            zMayEnd.countDown();
            Await.until(Duration.ofSeconds(10), "z's finishing transaction waiting for its run row",
                    () -> waitingForLock() > 0);
            linkMayEnd.countDown();
            Await.until(Duration.ofSeconds(10), "a's body ended", linkEnded::get);
            // the claim thread is woken when a slot is freed (and polls every second): give it time to take one
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                assertThat(state(o, "y")).as("y is not claimed onto the slot a keeps until its outcome is written")
                        .isEqualTo("queued");
                Thread.sleep(50);
            }
            blocker.commit();
        }

        Await.until(Duration.ofSeconds(20), "the runs done", () -> runState(c) == DagRunState.SUCCESS
                && runState(o) == DagRunState.SUCCESS && runState(z) == DagRunState.SUCCESS);
        assertThat(start(c, "b")).as("b started on a's slot, not after y (queued first, lower priority) had run")
                .isBefore(end(o, "y"));
    }

    private static String state(DagRunRow run, String task) {
        return nodes.jdbc().sql("SELECT state FROM task_instance WHERE run_pk = :r AND task_id = :t")
                .param("r", run.id()).param("t", task).query(String.class).optional().orElse(null);
    }

    private static java.time.Instant start(DagRunRow run, String task) {
        return nodes.jdbc().sql("SELECT start_date FROM task_instance WHERE run_pk = :r AND task_id = :t")
                .param("r", run.id()).param("t", task).query(Timestamp.class).single().toInstant();
    }

    private static java.time.Instant end(DagRunRow run, String task) {
        return nodes.jdbc().sql("SELECT end_date FROM task_instance WHERE run_pk = :r AND task_id = :t")
                .param("r", run.id()).param("t", task).query(Timestamp.class).single().toInstant();
    }

    private static DagRunState runState(DagRunRow run) {
        return DagRunState.of(nodes.jdbc().sql("SELECT state FROM dag_run WHERE id = :r").param("r", run.id())
                .query(String.class).single());
    }

    private static int waitingForLock() {
        return nodes.jdbc().sql("SELECT count(*) FROM pg_locks WHERE NOT granted").query(Integer.class).single();
    }
}
