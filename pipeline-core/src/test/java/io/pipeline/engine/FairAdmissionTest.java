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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fairness across runs: with the default weight rule (downstream, as in Airflow) a run's start task outranks the
 * fan-out of the runs before it, so a herd of runs starts every run before it works through their leaves.
 */
class FairAdmissionTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(FairAdmissionTest.class.getSimpleName(), 10);
    }

    /** start, 18 leaves in parallel, end (the herd's shape), every task in {@code pool}; rule null: the default. */
    static Dag fanOut(String dagId, String pool, WeightRule rule) {
        return DagBuilder.dag(dagId).maxActiveRuns(2).maxActiveTasks(100).tasks(g -> {
            TaskRef start = ruled(g.task("start", ctx -> null).pool(pool), rule);
            TaskRef end = ruled(g.task("end", ctx -> null).pool(pool), rule);
            for (int i = 1; i <= 18; i++) {
                TaskRef leaf = ruled(g.task("leaf_%02d".formatted(i), ctx -> null).pool(pool), rule);
                start.then(leaf);
                leaf.then(end);
            }
        }).build();
    }

    private static TaskRef ruled(TaskRef task, WeightRule rule) {
        return rule == null ? task : task.weightRule(rule);
    }

    @Test
    void the_weight_rule_makes_a_start_task_outrank_the_leaves_below_it() {
        Dag dag = fanOut("fair_weights", "default_pool", null);
        int[] effective = WeightRule.effectivePriorities(dag);
        List<String> ids = dag.taskIds();
        assertThat(effective[ids.indexOf("start")]).isEqualTo(20);
        assertThat(effective[ids.indexOf("leaf_01")]).isEqualTo(2);
        assertThat(effective[ids.indexOf("end")]).isEqualTo(1);
        Dag upstream = fanOut("fair_weights_up", "default_pool", WeightRule.UPSTREAM);
        int[] up = WeightRule.effectivePriorities(upstream);
        assertThat(up[ids.indexOf("start")]).isEqualTo(1);
        assertThat(up[ids.indexOf("end")]).isEqualTo(20);
        assertThat(WeightRule.effectivePriorities(fanOut("fair_abs", "default_pool", WeightRule.ABSOLUTE)))
                .containsOnly(1);
    }

    @Test
    void a_later_runs_first_task_is_admitted_before_the_earlier_runs_last_leaf() {
        List<String> order = admissionOrder("fair_default", "fair_four", null);

        List<String> firstLeaves = order.stream().filter(s -> s.startsWith("first/leaf_")).toList();
        assertThat(firstLeaves).hasSize(18);
        assertThat(order.indexOf("second/start")).as("admission order %s", order)
                .isLessThan(order.indexOf(firstLeaves.getLast()));
        // the first slot freed after the second run began goes to its start task: the 4 leaves admitted when the
        // first run's start finished, then the second run's start
        assertThat(order.subList(0, 6)).as("admission order %s", order)
                .startsWith("first/start").endsWith("second/start");
    }

    @Test
    void with_absolute_weights_the_earlier_runs_fan_out_goes_first_as_before() {
        List<String> order = admissionOrder("fair_absolute", "fair_four_abs", WeightRule.ABSOLUTE);

        assertThat(order.indexOf("second/start")).as("admission order %s", order)
                .isGreaterThan(order.lastIndexOf("first/leaf_18"));
    }

    @Test
    void a_finishing_task_does_not_keep_its_worker_for_its_downstream_while_a_higher_priority_ti_is_queued() {
        String dagId = "fair_local";
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"),
                fanOut(dagId, "default_pool", null));
        DagRunRow first = d.runs().trigger(dagId, "first", Instant.parse("2026-03-01T00:00:00Z"), null, null);
        d.tick();
        List<ClaimedTi> running = d.claim(1);
        DagRunRow second = d.runs().trigger(dagId, "second", Instant.parse("2026-03-02T00:00:00Z"), null, null);
        d.tick();
        assertThat(d.state(second, "start")).isEqualTo(TaskState.QUEUED);

        List<ClaimedTi> here = finish(d, running.getFirst(), 10);

        assertThat(here).as("the first run's leaves are not claimed by the finishing worker").isEmpty();
        assertThat(d.state(first, "leaf_01")).isEqualTo(TaskState.QUEUED);
        assertThat(d.claim(1)).extracting(ClaimedTi::runId, ClaimedTi::taskId)
                .as("the worker's next claim is the higher priority").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("second", "start"));

        // (with nothing of higher priority queued the downstream is claimed here: FinishAdmissionTest)
    }

    /**
     * Two runs of the fan-out (weight rule {@code rule}, null: the default) in a pool of 4 slots: the first run's start finishes (its 18 leaves become ready, 4
     * fit), then the second run begins, then TIs are claimed and finished one at a time. Returns the order in which
     * TIs were admitted (scheduled -> queued), as run/task.
     */
    private static List<String> admissionOrder(String dagId, String pool, WeightRule rule) {
        Dag dag = fanOut(dagId, pool, rule);
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), dag);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES (:p, 4)").param("p", pool).update();
        DagRunRow first = d.runs().trigger(dagId, "first", Instant.parse("2026-03-01T00:00:00Z"), null, null);
        d.tick();
        List<ClaimedTi> claimed = d.claim(1);
        assertThat(claimed).extracting(ClaimedTi::taskId).containsExactly("start");
        finish(d, claimed.getFirst());
        assertThat(d.state(first, "leaf_01")).isEqualTo(TaskState.QUEUED);
        assertThat(d.state(first, "leaf_05")).as("the pool has 4 slots").isEqualTo(TaskState.SCHEDULED);

        DagRunRow second = d.runs().trigger(dagId, "second", Instant.parse("2026-03-02T00:00:00Z"), null, null);
        d.tick();
        assertThat(d.runState(dagId, second.runId())).isEqualTo(DagRunState.RUNNING);
        assertThat(d.state(second, "start")).as("the pool is full").isEqualTo(TaskState.SCHEDULED);
        for (int i = 0; i < 100; i++) {
            List<ClaimedTi> one = d.claim(1);
            if (one.isEmpty()) {
                d.tick();
                one = d.claim(1);
                if (one.isEmpty()) {
                    break;
                }
            }
            finish(d, one.getFirst());
        }
        assertThat(d.runState(dagId, first.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.runState(dagId, second.runId())).isEqualTo(DagRunState.SUCCESS);
        List<String> order = new ArrayList<>();
        d.changes().tasks.stream().filter(c -> c.dagId().equals(dagId) && c.to() == TaskState.QUEUED)
                .forEach(c -> order.add(c.runId() + "/" + c.taskId()));
        return order;
    }

    private static void finish(EngineTestDriver d, ClaimedTi ti) {
        finish(d, ti, 0);
    }

    /** Runs and finishes a claimed TI with {@code freeSlots} worker slots free here; returns what it claimed here. */
    private static List<ClaimedTi> finish(EngineTestDriver d, ClaimedTi ti, int freeSlots) {
        TryOutcome outcome = d.parts().runner().run(ti);
        List<ClaimedTi> here = d.parts().finisher().finish(List.of(outcome), freeSlots).claimedHere();
        d.parts().running().finished(ti);
        return here;
    }
}
