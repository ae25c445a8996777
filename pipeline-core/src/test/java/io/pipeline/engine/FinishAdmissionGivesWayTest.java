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
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A finishing transaction admits its own DAG's waiting TIs, but gives a freed pool slot to another DAG's TI of higher
 * priority waiting in the same pool (the herd at the close: a run's leaves, priority 2, against the next run's start
 * task, priority 20), and hands a slot freed where nothing of its DAG waits to whoever waits, in the same transaction.
 * The direct hand-off does not give way: a task the finish made ready, that fits the slots its run freed, takes them
 * (the chain's hop beside a fan-out).
 */
class FinishAdmissionGivesWayTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(FinishAdmissionGivesWayTest.class.getSimpleName(), 10);
    }

    @Test
    void a_freed_slot_goes_to_another_runs_start_task_before_the_finishing_runs_own_leaves() {
        String pool = "gives_way_four";
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"),
                FairAdmissionTest.fanOut("herd_a", pool, null), FairAdmissionTest.fanOut("herd_b", pool, null));
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, 4)").param("p", pool).update();
        DagRunRow a = d.trigger("herd_a");
        d.tick();
        ClaimedTi aStart = d.claim(1).getFirst();
        assertThat(aStart.taskId()).isEqualTo("start");
        assertThat(finish(d, aStart, 0)).isEmpty();
        assertThat(scheduled(d, a)).as("4 of run A's 18 leaves fit the pool").isEqualTo(14);

        DagRunRow b = d.trigger("herd_b");
        d.tick();
        assertThat(d.state(b, "start")).as("the pool is full").isEqualTo(TaskState.SCHEDULED);
        ClaimedTi leaf = d.claim(1).getFirst();
        assertThat(leaf.dagId()).isEqualTo("herd_a");

        List<ClaimedTi> next = finish(d, leaf, 10);

        assertThat(next).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .as("the slot the leaf freed goes to run B's start, claimed by the finishing node")
                .containsExactly(tuple("herd_b", "start"));
        assertThat(scheduled(d, a)).as("run A's waiting leaves gave way").isEqualTo(14);
        assertThat(occupied(d, pool)).as("no slot over-admitted").isEqualTo(4);

        finishAll(d, next);
        assertThat(d.runState("herd_a", a.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState("herd_b", b.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_ready_downstream_keeps_the_slot_its_run_freed_even_when_a_higher_priority_waits() {
        String pool = "gives_way_one";
        Dag chain = DagBuilder.dag("gw_chain").tasks(g ->
                g.task("first", ctx -> null).pool(pool).then(g.task("second", ctx -> null).pool(pool))).build();
        Dag urgent = DagBuilder.dag("gw_urgent").tasks(g -> g.task("urgent", ctx -> null).pool(pool)
                .priorityWeight(50)).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), chain, urgent);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, 1)").param("p", pool).update();
        DagRunRow c = d.trigger("gw_chain");
        d.tick();
        ClaimedTi first = d.claim(1).getFirst();
        DagRunRow u = d.trigger("gw_urgent");
        d.tick();
        assertThat(d.state(u, "urgent")).isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> next = finish(d, first, 10);

        assertThat(next).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .as("the chain's hop: the slot its link freed goes to the link it made ready")
                .containsExactly(tuple("gw_chain", "second"));
        assertThat(d.state(u, "urgent")).as("the higher priority waits for the next slot freed without a successor")
                .isEqualTo(TaskState.SCHEDULED);
        List<ClaimedTi> after = finish(d, next.getFirst(), 10);
        assertThat(after).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .as("the chain's last link frees its slot with nothing of its DAG waiting: it goes to the urgent task")
                .containsExactly(tuple("gw_urgent", "urgent"));
        assertThat(occupied(d, pool)).isEqualTo(1);
        finishAll(d, after);
        assertThat(d.runState("gw_chain", c.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState("gw_urgent", u.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void tasks_a_finish_made_ready_keep_their_runs_freed_slot_even_when_the_direct_hand_off_does_not_fit() {
        String pool = "gives_way_own_ready";
        Dag own = DagBuilder.dag("gw_own_ready").tasks(g -> {
            g.task("a", ctx -> null).pool(pool).then(g.task("b", ctx -> null).pool(pool));
            g.task("w", ctx -> null).pool(pool);
        }).build();
        Dag urgent = DagBuilder.dag("gw_urgent_two").tasks(g -> g.task("urgent", ctx -> null).pool(pool)
                .priorityWeight(50)).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), own, urgent);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, 1)").param("p", pool).update();
        DagRunRow o = d.trigger("gw_own_ready");
        d.tick();
        ClaimedTi a = d.claim(1).getFirst();
        assertThat(a.taskId()).as("a outranks w (downstream weight 2 against 1)").isEqualTo("a");
        DagRunRow u = d.trigger("gw_urgent_two");
        d.tick();
        assertThat(d.state(o, "w")).as("its DAG waits in the pool, so b cannot be handed over directly")
                .isEqualTo(TaskState.SCHEDULED);
        assertThat(d.state(u, "urgent")).as("first in line in the full pool").isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> next = finish(d, a, 10);

        assertThat(next).extracting(ClaimedTi::dagId).as("the slot a freed stays with its run's DAG")
                .containsExactly("gw_own_ready");
        assertThat(d.state(u, "urgent")).isEqualTo(TaskState.SCHEDULED);
        assertThat(occupied(d, pool)).isEqualTo(1);
        List<ClaimedTi> after = finish(d, next.getFirst(), 10);
        assertThat(after).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .as("a slot freed with nothing made ready gives way to the urgent task")
                .containsExactly(tuple("gw_urgent_two", "urgent"));
        finishAll(d, after);
        assertThat(d.runState("gw_own_ready", o.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState("gw_urgent_two", u.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_higher_priority_held_by_its_dags_max_active_tasks_does_not_hold_back_the_finishing_dag() {
        String pool = "gives_way_held";
        Dag chain = DagBuilder.dag("gw_held_chain").tasks(g -> g.task("first", ctx -> null).pool(pool)
                .priorityWeight(100).then(g.task("second", ctx -> null).pool(pool))).build();
        Dag held = DagBuilder.dag("gw_held").maxActiveTasks(1).tasks(g -> {
            g.task("running", ctx -> null).pool(pool).priorityWeight(90);
            g.task("waiting", ctx -> null).pool(pool).priorityWeight(50);
        }).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), chain, held);
        // two slots: the held DAG's running task and the chain's link; the link's finish frees the only one
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, 2)").param("p", pool).update();
        DagRunRow h = d.trigger("gw_held");
        d.tick();
        ClaimedTi running = d.claim(1).getFirst();
        assertThat(running.taskId()).isEqualTo("running");
        DagRunRow c = d.trigger("gw_held_chain");
        d.tick();
        ClaimedTi first = d.claim(1).getFirst();
        assertThat(first.taskId()).isEqualTo("first");
        assertThat(d.state(h, "waiting")).as("its DAG is at max_active_tasks").isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> next = finish(d, first, 10);

        assertThat(next).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .containsExactly(tuple("gw_held_chain", "second"));
        assertThat(d.state(h, "waiting")).isEqualTo(TaskState.SCHEDULED);
        finishAll(d, next);
        assertThat(d.runState("gw_held_chain", c.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(finish(d, running, 10)).extracting(ClaimedTi::taskId).containsExactly("waiting");
    }

    @Test
    void a_higher_priority_first_in_line_but_held_by_its_dags_limit_leaves_the_slot_to_the_finishing_dags_own() {
        String pool = "gives_way_held_own";
        Dag held = DagBuilder.dag("gw_held_first").maxActiveTasks(1).tasks(g -> {
            g.task("running", ctx -> null).pool(pool).priorityWeight(90);
            g.task("waiting", ctx -> null).pool(pool).priorityWeight(50);
        }).build();
        Dag own = DagBuilder.dag("gw_own_three").tasks(g -> {
            g.task("x", ctx -> null).pool(pool);
            g.task("y", ctx -> null).pool(pool);
            g.task("z", ctx -> null).pool(pool);
        }).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), held, own);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, 2)").param("p", pool).update();
        DagRunRow o = d.trigger("gw_own_three");
        d.tick();
        List<ClaimedTi> two = d.claim(2);
        assertThat(two).extracting(ClaimedTi::dagId).containsExactly("gw_own_three", "gw_own_three");
        DagRunRow h = d.trigger("gw_held_first");
        d.tick();
        List<ClaimedTi> afterFirst = finish(d, two.get(0), 10);
        assertThat(afterFirst).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .as("the pass left the pool full with 'running' (90) first in line: the freed slot goes to it")
                .containsExactly(tuple("gw_held_first", "running"));
        d.tick();
        assertThat(d.state(h, "waiting")).as("first in line now, held by its DAG's max_active_tasks of 1")
                .isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> next = finish(d, two.get(1), 10);

        assertThat(next).extracting(ClaimedTi::dagId).as("the freed slot goes to the finishing DAG's own waiting task")
                .containsExactly("gw_own_three");
        assertThat(d.state(h, "waiting")).isEqualTo(TaskState.SCHEDULED);
        assertThat(occupied(d, pool)).isEqualTo(2);
        finishAll(d, next);
        assertThat(d.runState("gw_own_three", o.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(finish(d, afterFirst.getFirst(), 10)).extracting(ClaimedTi::taskId).containsExactly("waiting");
    }

    @Test
    void a_slot_freed_where_nothing_of_the_dag_waits_goes_to_the_other_dags_waiting_task() {
        String pool = "gives_way_freed";
        Dag lone = DagBuilder.dag("gw_lone").tasks(g -> g.task("only", ctx -> null).pool(pool)).build();
        Dag other = DagBuilder.dag("gw_other").tasks(g -> g.task("task", ctx -> null).pool(pool)).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), lone, other);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, 1)").param("p", pool).update();
        d.trigger("gw_lone");
        d.tick();
        ClaimedTi only = d.claim(1).getFirst();
        DagRunRow o = d.trigger("gw_other");
        d.tick();
        assertThat(d.state(o, "task")).isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> next = finish(d, only, 10);

        assertThat(next).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .as("admitted and claimed in the finishing transaction, not at the scheduler's next pass")
                .containsExactly(tuple("gw_other", "task"));
    }

    private static List<ClaimedTi> finish(EngineTestDriver d, ClaimedTi ti, int freeSlots) {
        TryOutcome outcome = d.parts().runner().run(ti);
        List<ClaimedTi> claimed = d.parts().finisher().finish(List.of(outcome), freeSlots).claimedHere();
        d.parts().running().finished(ti);
        return claimed;
    }

    /** Finishes {@code tis} and whatever they make run here or queue, until nothing is left. */
    private static void finishAll(EngineTestDriver d, List<ClaimedTi> tis) {
        List<ClaimedTi> todo = new java.util.ArrayList<>(tis);
        for (int i = 0; i < 200; i++) {
            if (todo.isEmpty()) {
                todo.addAll(d.claim(1));
                if (todo.isEmpty()) {
                    d.tick();
                    todo.addAll(d.claim(1));
                    if (todo.isEmpty()) {
                        return;
                    }
                }
            }
            ClaimedTi ti = todo.removeFirst();
            todo.addAll(finish(d, ti, 1));
        }
    }

    private static long scheduled(EngineTestDriver d, DagRunRow run) {
        return d.parts().jdbc().sql("SELECT count(*) FROM task_instance WHERE run_pk = :r AND state = 'scheduled'")
                .param("r", run.id()).query(Long.class).single();
    }

    private static long occupied(EngineTestDriver d, String pool) {
        return d.parts().jdbc().sql("""
                SELECT coalesce(sum(pool_slots), 0) FROM task_instance
                WHERE pool = :p AND state IN ('queued', 'running')""")
                .param("p", pool).query(Long.class).single();
    }
}
