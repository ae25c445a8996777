package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.dag.WeightRule;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Fair admission across runs (herd.md, fourth part): a freed pool slot goes first to a waiting TI of a run that has
 * nothing queued or running in the pool (a starved run), otherwise to the finishing run's own ready TIs, so a chain
 * beside a wide fan-out keeps handing its slot to its next link while a run not begun yet is not left behind.
 */
class StarvedRunsFirstTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(StarvedRunsFirstTest.class.getSimpleName(), 10);
    }

    @Test
    void a_starved_runs_start_task_gets_the_freed_slot_before_the_finishing_runs_own_leaves() {
        String pool = "starved_four";
        // absolute weights: every task 1, so by priority (and id) the first run's leaves would go first
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"),
                FairAdmissionTest.fanOut("starved_a", pool, WeightRule.ABSOLUTE),
                FairAdmissionTest.fanOut("starved_b", pool, WeightRule.ABSOLUTE));
        createPool(d, pool, 4);
        DagRunRow a = d.trigger("starved_a");
        d.tick();
        ClaimedTi aStart = d.claim(1).getFirst();
        assertThat(aStart.taskId()).isEqualTo("start");
        assertThat(finish(d, aStart, 0)).isEmpty();
        assertThat(scheduled(d, a)).as("4 of run A's 18 leaves fit the pool").isEqualTo(14);

        DagRunRow b = d.trigger("starved_b");
        d.tick();
        assertThat(d.state(b, "start")).as("the pool is full").isEqualTo(TaskState.SCHEDULED);
        ClaimedTi leaf = d.claim(1).getFirst();
        assertThat(leaf.dagId()).isEqualTo("starved_a");

        List<ClaimedTi> next = finish(d, leaf, 10);

        assertThat(next).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .as("the slot the leaf freed goes to run B's start, claimed by the finishing node")
                .containsExactly(tuple("starved_b", "start"));
        assertThat(scheduled(d, a)).as("run A's waiting leaves wait").isEqualTo(14);
        assertThat(occupied(d, pool)).as("no slot over-admitted").isEqualTo(4);

        // B's start finishes: B now holds slots, so A's next freed slot goes back to A's own leaves
        List<ClaimedTi> bLeaves = finish(d, next.getFirst(), 0);
        assertThat(bLeaves).isEmpty();
        assertThat(occupied(d, pool)).isEqualTo(4);
        runToTheEnd(d, pool, 4, List.of());
        assertThat(d.runState("starved_a", a.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState("starved_b", b.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_slot_freed_where_nothing_of_the_dag_waits_goes_to_a_starved_run_at_once() {
        String pool = "starved_lone";
        Dag lone = DagBuilder.dag("starved_lone").tasks(g -> g.task("only", ctx -> null).pool(pool)).build();
        Dag other = DagBuilder.dag("starved_other").tasks(g -> g.task("task", ctx -> null).pool(pool)).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), lone, other);
        createPool(d, pool, 1);
        d.trigger("starved_lone");
        d.tick();
        ClaimedTi only = d.claim(1).getFirst();
        DagRunRow o = d.trigger("starved_other");
        d.tick();
        assertThat(d.state(o, "task")).isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> next = finish(d, only, 10);

        assertThat(next).extracting(ClaimedTi::dagId, ClaimedTi::taskId)
                .as("admitted and claimed in the finishing transaction, not at the scheduler's next pass")
                .containsExactly(tuple("starved_other", "task"));
    }

    @Test
    void a_chain_beside_a_wide_fan_out_hands_its_slot_to_its_next_link() {
        String pool = "starved_chain";
        // the chain's later links weigh less than the fan-out's tasks (the node benchmark's case)
        Dag chain = DagBuilder.dag("starved_chain").tasks(g -> {
            TaskRef first = g.task("first", ctx -> null).pool(pool).priorityWeight(10).weightRule(WeightRule.ABSOLUTE);
            TaskRef second = g.task("second", ctx -> null).pool(pool).weightRule(WeightRule.ABSOLUTE);
            TaskRef third = g.task("third", ctx -> null).pool(pool).weightRule(WeightRule.ABSOLUTE);
            first.then(second);
            second.then(third);
        }).build();
        Dag wide = DagBuilder.dag("starved_wide").maxActiveTasks(100).tasks(g -> {
            for (int i = 0; i < 30; i++) {
                g.task("t%02d".formatted(i), ctx -> null).pool(pool).priorityWeight(5)
                        .weightRule(WeightRule.ABSOLUTE);
            }
        }).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), chain, wide);
        createPool(d, pool, 4);
        DagRunRow c = d.trigger("starved_chain");
        d.tick();
        DagRunRow w = d.trigger("starved_wide");
        d.tick();
        assertThat(scheduled(d, w)).as("3 of the fan-out's 30 tasks beside the chain's link").isEqualTo(27);
        ClaimedTi first = d.claim(1).getFirst();
        assertThat(first.taskId()).isEqualTo("first");

        finish(d, first, 10);

        assertThat(d.state(c, "second")).as("the chain hands its slot on, though the fan-out's waiting tasks weigh"
                + " more (queued, not claimed here: the fan-out's queued tasks outrank it)").isEqualTo(TaskState.QUEUED);
        assertThat(scheduled(d, w)).isEqualTo(27);
        assertThat(occupied(d, pool)).isEqualTo(4);

        ClaimedTi fanTask = d.claim(1).getFirst();
        assertThat(fanTask.dagId()).isEqualTo("starved_wide");
        List<ClaimedTi> fanNext = finish(d, fanTask, 10);
        assertThat(fanNext).extracting(ClaimedTi::dagId).as("the fan-out's slot goes to its own next task")
                .containsExactly("starved_wide");
        assertThat(scheduled(d, w)).isEqualTo(26);

        List<ClaimedTi> inHand = new ArrayList<>(d.claim(3));
        ClaimedTi second = inHand.stream().filter(t -> t.taskId().equals("second")).findFirst().orElseThrow();
        inHand.remove(second);
        inHand.addAll(fanNext);
        inHand.addAll(finish(d, second, 10));
        assertThat(d.state(c, "third")).as("and again to the next link")
                .isIn(TaskState.QUEUED, TaskState.RUNNING);
        assertThat(scheduled(d, w)).isEqualTo(26);
        assertThat(occupied(d, pool)).isLessThanOrEqualTo(4);
        runToTheEnd(d, pool, 4, inHand);
        assertThat(d.runState("starved_chain", c.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState("starved_wide", w.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void many_runs_waiting_for_a_small_pool_never_take_more_than_its_slots_and_all_finish() {
        String pool = "starved_three";
        List<Dag> dags = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            dags.add(FairAdmissionTest.fanOut("starved_many_" + i, pool, null));
        }
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"),
                dags.toArray(Dag[]::new));
        createPool(d, pool, 3);
        List<DagRunRow> runs = new ArrayList<>();
        for (Dag dag : dags) {
            runs.add(d.trigger(dag.dagId()));
        }
        d.tick();
        assertThat(occupied(d, pool)).isEqualTo(3);

        runToTheEnd(d, pool, 3, List.of());

        for (DagRunRow r : runs) {
            assertThat(d.runState(r.dagId(), r.runId())).isEqualTo(DagRunState.SUCCESS);
        }
        List<String> admitted = d.changes().tasks.stream()
                .filter(ch -> ch.dagId().startsWith("starved_many_") && ch.to() == TaskState.QUEUED)
                .map(ch -> ch.dagId() + "/" + ch.taskId()).toList();
        assertThat(admitted.subList(0, 6)).as("every run's start task admitted before any leaf: %s", admitted)
                .allMatch(s -> s.endsWith("/start"));
    }

    /**
     * Finishes {@code inHand} (claimed TIs), then claims and finishes one TI at a time (one free worker slot each time), ticking when nothing is queued, until
     * nothing is left; asserts after every step that the pool never holds more than {@code slots}. Returns the
     * claimed TIs in order, as dag/task.
     */
    private static List<String> runToTheEnd(EngineTestDriver d, String pool, int slots, List<ClaimedTi> inHand) {
        List<String> order = new ArrayList<>();
        List<ClaimedTi> todo = new ArrayList<>(inHand);
        for (int i = 0; i < 500; i++) {
            if (todo.isEmpty()) {
                todo.addAll(d.claim(1));
                if (todo.isEmpty()) {
                    d.tick();
                    assertThat(occupied(d, pool)).isLessThanOrEqualTo(slots);
                    todo.addAll(d.claim(1));
                    if (todo.isEmpty()) {
                        return order;
                    }
                }
            }
            ClaimedTi ti = todo.removeFirst();
            order.add(ti.dagId() + "/" + ti.taskId());
            todo.addAll(finish(d, ti, 1));
            assertThat(occupied(d, pool)).as("pool %s after %s", pool, order.getLast())
                    .isLessThanOrEqualTo(slots);
        }
        throw new AssertionError("did not finish: " + order);
    }

    private static List<ClaimedTi> finish(EngineTestDriver d, ClaimedTi ti, int freeSlots) {
        TryOutcome outcome = d.parts().runner().run(ti);
        List<ClaimedTi> claimed = d.parts().finisher().finish(List.of(outcome), freeSlots).claimedHere();
        d.parts().running().finished(ti);
        return claimed;
    }

    private static void createPool(EngineTestDriver d, String pool, int slots) {
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, :s)").param("p", pool).param("s", slots)
                .update();
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
