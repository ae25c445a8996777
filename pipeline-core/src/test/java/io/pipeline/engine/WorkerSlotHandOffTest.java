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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unmapped try keeps its worker slot until its outcome is written, and the finishing transaction starts the task
 * it made ready on that slot: a chain's next link is not queued behind the TIs already queued for the node while the
 * claim thread hands the freed slot to one of them. While the finisher is busy, the outcome of an unmapped try is
 * written in a lane of its own beside it rather than after it.
 */
class WorkerSlotHandOffTest {

    @RegisterExtension
    static final EngineNodes nodes = new EngineNodes();

    @Test
    void a_chains_next_link_starts_on_the_slot_its_link_kept_without_waiting_for_the_busy_finisher() throws Exception {
        CountDownLatch linkMayEnd = new CountDownLatch(1);
        CountDownLatch zMayEnd = new CountDownLatch(1);
        Dag chain = DagBuilder.dag("handoff_chain").tasks(g -> g.task("a", ctx -> {
            linkMayEnd.await(30, TimeUnit.SECONDS);
            return null;
        }).then(g.task("b", ctx -> null).priorityWeight(10))).build();
        // z is a chain link too, so its slot stays with its blocked finishing transaction: no slot is free while
        // the test holds z's run row, whichever thread takes a freed slot first
        Dag busy = DagBuilder.dag("handoff_busy").tasks(g -> g.task("z", ctx -> {
            zMayEnd.await(30, TimeUnit.SECONDS);
            return null;
        }).then(g.task("z_next", ctx -> null))).build();
        // queued before b is ready, and lower in priority: it must not take the slot a kept for b
        Dag other = DagBuilder.dag("handoff_other").tasks(g -> g.task("y", ctx -> null).priorityWeight(1)).build();
        Engine node = nodes.start(EngineNodes.node("handoff-node").withWorkerConcurrency(2), chain, busy, other);

        DagRunRow c = nodes.trigger(node, "handoff_chain");
        DagRunRow z = nodes.trigger(node, "handoff_busy");
        Await.until(Duration.ofSeconds(20), "a and z running",
                () -> "running".equals(state(c, "a")) && "running".equals(state(z, "z")));
        DagRunRow o = nodes.trigger(node, "handoff_other");
        Await.until(Duration.ofSeconds(20), "y queued, both slots taken", () -> "queued".equals(state(o, "y")));

        try (Connection blocker = nodes.dataSource().getConnection()) {
            // hold z's run row: z's finishing transaction waits for it, holding the node's finish lock
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT id FROM dag_run WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, z.id());
                lock.executeQuery().close();
            }
            zMayEnd.countDown();
            Await.until(Duration.ofSeconds(10), "z's finishing transaction waiting for its run row",
                    () -> waitingForLock() > 0);
            linkMayEnd.countDown();
            // a's outcome does not wait for the busy finisher: the lane for unmapped tries writes it beside it
            Await.until(Duration.ofSeconds(10), "b started while z's finishing transaction still waits",
                    () -> "running".equals(state(c, "b")) || "success".equals(state(c, "b")));
            blocker.commit();
        }

        Await.until(Duration.ofSeconds(20), "the runs done", () -> runState(c) == DagRunState.SUCCESS
                && runState(o) == DagRunState.SUCCESS && runState(z) == DagRunState.SUCCESS);
        assertThat(start(c, "b")).as("b started on the slot a kept, before y (queued first, lower priority), which"
                + " got a slot only once b's finish had nothing to start on it").isBefore(start(o, "y"));
    }

    private static String state(DagRunRow run, String task) {
        return nodes.jdbc().sql("SELECT state FROM task_instance WHERE run_pk = :r AND task_id = :t")
                .param("r", run.id()).param("t", task).query(String.class).optional().orElse(null);
    }

    private static java.time.Instant start(DagRunRow run, String task) {
        return nodes.jdbc().sql("SELECT start_date FROM task_instance WHERE run_pk = :r AND task_id = :t")
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
