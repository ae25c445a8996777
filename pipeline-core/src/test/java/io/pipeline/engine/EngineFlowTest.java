package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.state.TriggerRule;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskTryRow;
import io.pipeline.task.TypeToken;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs flow end to end against PostgreSQL: chains, outputs, mapping, branches, short-circuits. */
class EngineFlowTest {

    record Quote(String symbol, double price) {
    }

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(EngineFlowTest.class);
    }

    EngineTestDriver driver(Dag... dags) {
        return EngineTestDriver.create(ds, SettableClock.at("2026-02-02T14:00:00Z"), dags);
    }

    @Test
    void a_chain_runs_in_order_and_each_task_passes_every_state_once() {
        Dag dag = DagBuilder.dag("chain").tasks(g -> g.task("a", ctx -> 1).then(g.task("b", ctx -> 2))
                .then(g.task("c", ctx -> 3))).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("chain");

        d.tick();
        int ran = d.runQueued();

        assertThat(ran).isEqualTo(3);
        assertThat(d.runState("chain", run.runId())).isEqualTo(DagRunState.SUCCESS);
        for (String task : List.of("a", "b", "c")) {
            assertThat(d.state(run, task)).isEqualTo(TaskState.SUCCESS);
            assertThat(d.changes().of(task).stream().filter(c -> c.runId().equals(run.runId())).map(c -> c.to()))
                    .containsExactly(TaskState.SCHEDULED, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS);
            List<TaskTryRow> tries = d.tis().detail("chain", run.runId(), task, -1).orElseThrow().tries();
            assertThat(tries).singleElement().satisfies(t -> {
                assertThat(t.tryNumber()).isEqualTo(1);
                assertThat(t.state()).isEqualTo(TaskState.SUCCESS);
                assertThat(t.nodeId()).isEqualTo("node-1");
                assertThat(t.startDate()).isEqualTo(d.now());
            });
        }
        assertThat(d.changes().runs).extracting(c -> c.to()).containsSubsequence(DagRunState.RUNNING,
                DagRunState.SUCCESS);
    }

    @Test
    void downstream_tasks_read_upstream_outputs_typed() {
        Dag dag = DagBuilder.dag("typed").tasks(g -> {
            TaskRef quote = g.task("quote", ctx -> new Quote("AAPL", 189.5));
            TaskRef list = g.task("list", ctx -> List.of(1, 2, 3));
            TaskRef use = g.task("use", ctx -> {
                Quote q = ctx.input("quote", Quote.class);
                List<Integer> xs = ctx.input("list", new TypeToken<List<Integer>>() { });
                return q.symbol() + ":" + (q.price() + xs.stream().mapToInt(Integer::intValue).sum());
            });
            TaskRef.all(quote, list).then(use);
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("typed");

        d.settle();

        assertThat(d.tis().xcom("typed", run.runId(), "use", -1, null).orElseThrow().valueJson())
                .isEqualTo("\"AAPL:195.5\"");
    }

    @Test
    void a_mapped_task_gets_one_instance_per_element_and_downstream_reads_them_all() {
        Dag dag = DagBuilder.dag("mapped").maxActiveTasks(64).tasks(g -> {
            TaskRef source = g.task("source", ctx -> List.of(1, 2, 3, 4));
            TaskRef work = g.task("work", ctx -> ctx.mapItem(Integer.class) * 10).expand(source);
            TaskRef sum = g.task("sum", ctx -> ctx.inputs("work", Integer.class));
            source.then(work).then(sum);
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("mapped");

        d.settle();

        assertThat(d.tis().instancesOf("mapped", run.runId(), "work")).extracting(ti -> ti.mapIndex() + "=" + ti.state().value())
                .containsExactly("0=success", "1=success", "2=success", "3=success");
        assertThat(d.tis().xcom("mapped", run.runId(), "sum", -1, null).orElseThrow().valueJson())
                .isEqualTo("[10, 20, 30, 40]");
        assertThat(d.runState("mapped", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_mapped_task_over_an_empty_list_is_skipped_and_so_is_its_downstream() {
        Dag dag = DagBuilder.dag("mapped_empty").tasks(g -> {
            TaskRef source = g.task("source", ctx -> List.of());
            TaskRef work = g.task("work", ctx -> 1).expand(source);
            source.then(work).then(g.task("after", ctx -> 1));
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("mapped_empty");

        d.settle();

        assertThat(d.state(run, "work")).isEqualTo(TaskState.SKIPPED);
        assertThat(d.state(run, "after")).isEqualTo(TaskState.SKIPPED);
        assertThat(d.runState("mapped_empty", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_branch_skips_the_unchosen_path_and_a_join_with_none_failed_min_one_success_runs() {
        Dag dag = DagBuilder.dag("branchy").tasks(g -> {
            TaskRef pick = g.branch("pick", ctx -> List.of("left"));
            TaskRef left = g.task("left", ctx -> "L");
            TaskRef right = g.task("right", ctx -> "R");
            TaskRef afterRight = g.task("after_right", ctx -> "R2");
            TaskRef join = g.task("join", ctx -> "J").triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS);
            pick.then(left, right);
            right.then(afterRight);
            TaskRef.all(left, afterRight).then(join);
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("branchy");

        d.settle();

        assertThat(d.state(run, "left")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.state(run, "right")).isEqualTo(TaskState.SKIPPED);
        assertThat(d.state(run, "after_right")).isEqualTo(TaskState.SKIPPED);
        assertThat(d.state(run, "join")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.runState("branchy", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_branch_that_names_a_task_that_is_not_direct_downstream_fails_saying_so() {
        Dag dag = DagBuilder.dag("bad_branch").tasks(g -> {
            TaskRef pick = g.branch("pick", ctx -> List.of("nowhere"));
            pick.then(g.task("left", ctx -> 1));
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("bad_branch");

        d.settle();

        assertThat(d.state(run, "pick")).isEqualTo(TaskState.FAILED);
        assertThat(d.ti(run, "pick", -1).failureReason()).contains("nowhere").contains("left");
        assertThat(d.state(run, "left")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(d.runState("bad_branch", run.runId())).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void a_short_circuit_returning_false_skips_everything_downstream_whatever_the_trigger_rules() {
        Dag dag = DagBuilder.dag("short").tasks(g -> {
            TaskRef check = g.shortCircuit("check", ctx -> false);
            TaskRef next = g.task("next", ctx -> 1);
            TaskRef always = g.task("cleanup", ctx -> 1).triggerRule(TriggerRule.ALL_DONE);
            check.then(next).then(always);
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("short");

        d.settle();

        assertThat(d.state(run, "check")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.state(run, "next")).isEqualTo(TaskState.SKIPPED);
        assertThat(d.state(run, "cleanup")).isEqualTo(TaskState.SKIPPED);
        assertThat(d.runState("short", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_failure_propagates_upstream_failed_and_all_done_still_runs_and_the_run_fails() {
        Dag dag = DagBuilder.dag("failing").tasks(g -> {
            TaskRef a = g.task("a", ctx -> {
                throw new IllegalStateException("boom");
            });
            TaskRef b = g.task("b", ctx -> 1);
            TaskRef c = g.task("c", ctx -> 1);
            TaskRef cleanup = g.task("cleanup", ctx -> 1).triggerRule(TriggerRule.ALL_DONE);
            a.then(b).then(c).then(cleanup);
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("failing", "r1", Map.of());

        d.settle();

        assertThat(d.state(run, "a")).isEqualTo(TaskState.FAILED);
        assertThat(d.state(run, "b")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(d.state(run, "c")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(d.state(run, "cleanup")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.runState("failing", "r1")).isEqualTo(DagRunState.SUCCESS);
    }
}
