package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finishing transaction starts ready downstream tasks itself: straight from none to running when their pool has
 * room and nothing of their DAG waits in it, through scheduled and priority admission otherwise.
 */
class FinishAdmissionTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(FinishAdmissionTest.class.getSimpleName(), 10);
    }

    @Test
    void a_ready_downstream_starts_in_the_finishing_transaction_and_every_step_is_announced() {
        Dag dag = DagBuilder.dag("hop_chain").tasks(g -> {
            var a = g.task("a", ctx -> 1);
            var b = g.task("b", ctx -> ctx.input("a", Integer.class) + 1);
            a.then(b);
            b.then(g.task("c", ctx -> ctx.input("b", Integer.class) + 1));
        }).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), dag);
        DagRunRow run = d.trigger("hop_chain");

        d.tick();
        // one claim: a runs, and its finishing transaction hands b (then b's hands c) to this node
        assertThat(d.runQueued()).isEqualTo(3);

        assertThat(d.runState("hop_chain", run.runId())).isEqualTo(DagRunState.SUCCESS);
        for (String task : List.of("b", "c")) {
            assertThat(d.changes().of(task)).extracting(c -> c.from().value() + ">" + c.to().value()).containsExactly(
                    "none>scheduled", "scheduled>queued", "queued>running", "running>success");
            assertThat(d.ti(run, task, -1).tryNumber()).isEqualTo(1);
        }
        assertThat(d.ti(run, "b", -1).nodeId()).isEqualTo(d.parts().config().nodeId());
        assertThat(d.ti(run, "b", -1).queuedAt()).isNotNull();
        assertThat(d.ti(run, "c", -1).startDate()).isNotNull();
    }

    @Test
    void a_full_pool_leaves_the_ready_downstream_scheduled_and_admits_by_priority() {
        Dag dag = DagBuilder.dag("pool_order").maxActiveTasks(10).tasks(g -> {
            g.task("urgent", ctx -> null).pool("single").priorityWeight(100);
            g.task("waiting", ctx -> null).pool("single").priorityWeight(50);
            g.task("a", ctx -> null).then(g.task("b", ctx -> null).pool("single").priorityWeight(1));
        }).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), dag);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES ('single', 1)").update();
        DagRunRow run = d.trigger("pool_order");

        d.tick();
        assertThat(d.state(run, "urgent")).isEqualTo(TaskState.QUEUED);
        assertThat(d.state(run, "waiting")).isEqualTo(TaskState.SCHEDULED);
        List<ClaimedTi> claimed = d.claim(10);
        ClaimedTi a = claimed.stream().filter(t -> t.taskId().equals("a")).findFirst().orElseThrow();
        ClaimedTi urgent = claimed.stream().filter(t -> t.taskId().equals("urgent")).findFirst().orElseThrow();

        finish(d, a, 10);
        assertThat(d.state(run, "b")).as("the pool's one slot is taken: b waits").isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> next = finish(d, urgent, 10);
        assertThat(next).extracting(ClaimedTi::taskId).as("the freed slot goes to the higher priority")
                .containsExactly("waiting");
        assertThat(d.state(run, "b")).isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> last = finish(d, next.getFirst(), 10);
        assertThat(last).extracting(ClaimedTi::taskId).containsExactly("b");
        finish(d, last.getFirst(), 10);
        assertThat(d.runState("pool_order", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void max_active_tasks_holds_a_ready_downstream_until_a_slot_of_the_dag_frees() {
        Dag dag = DagBuilder.dag("one_active").maxActiveTasks(1).tasks(g -> {
            g.task("a", ctx -> null).then(g.task("b", ctx -> null));
            g.task("other", ctx -> null);
        }).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), dag);
        DagRunRow run = d.trigger("one_active");

        d.tick();
        List<ClaimedTi> first = d.claim(10);
        assertThat(first).hasSize(1);
        List<ClaimedTi> next = finish(d, first.getFirst(), 10);
        // either a finished (b and other both ready, one slot) or other finished (a next): always one at a time
        assertThat(next).hasSize(1);
        while (!next.isEmpty()) {
            assertThat(activeCount(d, run)).isEqualTo(1);
            next = finish(d, next.getFirst(), 10);
        }
        assertThat(d.runState("one_active", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_downstream_for_a_queue_this_node_does_not_serve_is_queued_for_others() {
        Dag dag = DagBuilder.dag("elsewhere").tasks(g ->
                g.task("a", ctx -> null).then(g.task("big", ctx -> null).queue("big_nodes"))).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), dag);
        DagRunRow run = d.trigger("elsewhere");

        d.tick();
        ClaimedTi a = d.claim(10).getFirst();
        assertThat(finish(d, a, 10)).isEmpty();

        assertThat(d.state(run, "big")).isEqualTo(TaskState.QUEUED);
        assertThat(d.ti(run, "big", -1).nodeId()).isNull();
    }

    private static List<ClaimedTi> finish(EngineTestDriver d, ClaimedTi ti, int freeSlots) {
        TryOutcome outcome = d.parts().runner().run(ti);
        List<ClaimedTi> claimed = d.parts().finisher().finish(List.of(outcome), freeSlots).claimedHere();
        d.parts().running().finished(ti);
        return claimed;
    }

    private static long activeCount(EngineTestDriver d, DagRunRow run) {
        return d.parts().jdbc().sql("SELECT count(*) FROM task_instance WHERE run_pk = :r AND state IN ('queued', 'running')")
                .param("r", run.id()).query(Long.class).single();
    }
}
