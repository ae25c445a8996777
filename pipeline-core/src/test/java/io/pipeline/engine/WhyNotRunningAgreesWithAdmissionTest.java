package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.engine.WhyNotRunning.DagPaused;
import io.pipeline.engine.WhyNotRunning.Deferred;
import io.pipeline.engine.WhyNotRunning.MaxActiveTasksReached;
import io.pipeline.engine.WhyNotRunning.NotDue;
import io.pipeline.engine.WhyNotRunning.PoolFull;
import io.pipeline.engine.WhyNotRunning.QueueNotServed;
import io.pipeline.engine.WhyNotRunning.Reason;
import io.pipeline.engine.WhyNotRunning.RunQueued;
import io.pipeline.engine.WhyNotRunning.Upstream;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.state.TriggerDecision;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explanation and the engine agree: for each condition that holds a task instance back, the engine's pass does
 * not move it and the explanation names that condition; once the cause is gone the explanation has no blocker and
 * the engine's next pass admits it.
 */
class WhyNotRunningAgreesWithAdmissionTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(WhyNotRunningAgreesWithAdmissionTest.class.getSimpleName(), 10);
    }

    /** A driver, a live worker node serving queue default, and the explanation over the driver's stores. */
    record Kit(EngineTestDriver d, WhyNotRunning why, NodeRegistry nodes, Stores stores) {
        List<Reason> blockers(DagRunRow run, String task) {
            DagRunRow fresh = d.runs().get(run.dagId(), run.runId()).orElseThrow();
            return why.explain(fresh, d.ti(run, task, -1)).blockers();
        }

        void liveWorker(String nodeId, List<String> queues) {
            stores.nodes().register(nodeId, "host", List.of("worker"), queues, 4, d.now());
        }
    }

    @Test
    void a_deferred_ti_names_its_trigger_and_holder_and_whether_a_triggerer_lives_until_the_trigger_fires() {
        Dag dag = DagBuilder.dag("why_deferred").tasks(g -> g.sensor("at_eleven",
                ctx -> ctx.clock().instant().isBefore(java.time.Instant.parse("2026-03-02T11:00:00Z"))
                        ? io.pipeline.task.PokeResult.deferUntil(java.time.Instant.parse("2026-03-02T11:00:00Z"))
                        : io.pipeline.task.PokeResult.met(),
                io.pipeline.task.SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(6)))).build();
        Kit k = kit(dag);
        DagRunRow run = k.d().trigger("why_deferred");
        k.d().settle();
        assertThat(k.d().state(run, "at_eleven")).isEqualTo(TaskState.DEFERRED);
        assertThat(k.blockers(run, "at_eleven"))
                .containsExactly(new Deferred("time 2026-03-02T11:00:00Z", "node-1", false));

        k.stores().nodes().register("node-1", "host", List.of("triggerer"), List.of("default"), 4, k.d().now());
        k.d().advance(Duration.ofMinutes(59));
        k.stores().nodes().heartbeat("node-1", k.d().now());
        k.stores().nodes().heartbeat("worker-default", k.d().now());
        k.d().tick();
        assertThat(k.d().state(run, "at_eleven")).isEqualTo(TaskState.DEFERRED);
        assertThat(k.blockers(run, "at_eleven"))
                .containsExactly(new Deferred("time 2026-03-02T11:00:00Z", "node-1", true));

        k.d().advance(Duration.ofMinutes(1));
        k.d().tick();
        assertThat(k.d().state(run, "at_eleven")).isEqualTo(TaskState.QUEUED);
        assertThat(k.blockers(run, "at_eleven")).isEmpty();
    }

    static Kit kit(Dag... dags) {
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), dags);
        Stores stores = d.parts().stores();
        NodeRegistry nodes = new NodeRegistry(stores.nodes(), d.clock(), Duration.ofHours(1));
        Kit kit = new Kit(d, new WhyNotRunning(d.registry(), nodes, stores, d.clock()), nodes, stores);
        kit.liveWorker("worker-default", List.of("default"));
        return kit;
    }

    @Test
    void a_full_pool_holds_a_scheduled_ti_and_is_named_until_the_pool_grows() {
        Dag dag = DagBuilder.dag("why_pool").maxActiveTasks(10).tasks(g -> {
            g.task("first", ctx -> null).pool("why_one").priorityWeight(10);
            g.task("second", ctx -> null).pool("why_one");
        }).build();
        Kit k = kit(dag);
        k.d().parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES ('why_one', 1)").update();
        DagRunRow run = k.d().trigger("why_pool");

        k.d().tick();
        k.d().tick();
        assertThat(k.d().state(run, "second")).isEqualTo(TaskState.SCHEDULED);
        assertThat(k.blockers(run, "second")).containsExactly(new PoolFull("why_one", 1, 1, 1));

        k.d().parts().jdbc().sql("UPDATE pool SET slots = 2 WHERE name = 'why_one'").update();
        assertThat(k.blockers(run, "second")).isEmpty();
        k.d().tick();
        assertThat(k.d().state(run, "second")).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void max_active_tasks_holds_a_scheduled_ti_and_is_named_until_the_limit_rises() {
        Dag one = DagBuilder.dag("why_active").maxActiveTasks(1).tasks(g -> {
            g.task("first", ctx -> null).priorityWeight(10);
            g.task("second", ctx -> null);
        }).build();
        Kit k = kit(one);
        DagRunRow run = k.d().trigger("why_active");

        k.d().tick();
        k.d().tick();
        assertThat(k.d().state(run, "second")).isEqualTo(TaskState.SCHEDULED);
        assertThat(k.blockers(run, "second")).containsExactly(new MaxActiveTasksReached(1, 1));

        Dag two = DagBuilder.dag("why_active").maxActiveTasks(2).tasks(g -> {
            g.task("first", ctx -> null).priorityWeight(10);
            g.task("second", ctx -> null);
        }).build();
        k.d().load(List.of(two), List.of());
        assertThat(k.blockers(run, "second")).isEmpty();
        k.d().tick();
        assertThat(k.d().state(run, "second")).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void a_queue_no_live_node_serves_is_named_and_no_live_node_claims_until_one_serves_it() {
        Dag dag = DagBuilder.dag("why_queue").tasks(g -> g.task("on_gpu", ctx -> null).queue("why_gpu")).build();
        Kit k = kit(dag);
        DagRunRow run = k.d().trigger("why_queue");

        k.d().tick();
        assertThat(k.d().state(run, "on_gpu")).isEqualTo(TaskState.QUEUED);
        assertThat(k.blockers(run, "on_gpu")).containsExactly(new QueueNotServed("why_gpu"));
        assertThat(claimForLiveNodes(k, "why_queue")).isEmpty();

        k.liveWorker("worker-gpu", List.of("why_gpu"));
        assertThat(k.blockers(run, "on_gpu")).isEmpty();
        assertThat(claimForLiveNodes(k, "why_queue")).extracting(ClaimedTi::taskId).containsExactly("on_gpu");
    }

    @Test
    void an_unfinished_upstream_is_named_and_the_ti_is_not_scheduled_until_it_succeeds() {
        Dag dag = DagBuilder.dag("why_upstream").tasks(g -> g.task("a", ctx -> 1).then(g.task("b", ctx -> 2)))
                .build();
        Kit k = kit(dag);
        DagRunRow run = k.d().trigger("why_upstream");

        k.d().tick();
        k.d().tick();
        assertThat(k.d().state(run, "b")).isEqualTo(TaskState.NONE);
        assertThat(k.blockers(run, "b")).singleElement().isInstanceOfSatisfying(Upstream.class,
                u -> assertThat(u.decision()).isEqualTo(TriggerDecision.WAIT));

        k.d().claim(1).forEach(a -> assertThat(a.taskId()).isEqualTo("a"));
        k.d().parts().jdbc().sql("""
                UPDATE task_instance SET state = 'success' WHERE run_pk = :run AND task_id = 'a'""")
                .param("run", run.id()).update();
        assertThat(k.blockers(run, "b")).isEmpty();
        k.d().tick();
        assertThat(k.d().state(run, "b")).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void a_retry_time_ahead_is_named_and_the_retry_waits_until_it_has_come() {
        Dag dag = DagBuilder.dag("why_retry").tasks(g -> g.task("flaky", ctx -> {
            throw new IllegalStateException("first try fails");
        }).retries(1).retryDelay(Duration.ofMinutes(5))).build();
        Kit k = kit(dag);
        DagRunRow run = k.d().trigger("why_retry");
        k.d().tick();
        k.d().runQueued();
        assertThat(k.d().state(run, "flaky")).isEqualTo(TaskState.UP_FOR_RETRY);

        k.d().tick();
        assertThat(k.d().state(run, "flaky")).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(k.blockers(run, "flaky")).containsExactly(new NotDue(k.d().ti(run, "flaky", -1).nextAttemptAt()));

        k.d().advance(Duration.ofMinutes(5));
        assertThat(k.blockers(run, "flaky")).isEmpty();
        k.d().tick();
        assertThat(k.d().state(run, "flaky")).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void a_paused_dag_is_named_and_its_queued_run_does_not_start_until_it_is_unpaused() {
        Dag dag = DagBuilder.dag("why_paused").tasks(g -> g.task("only", ctx -> null)).build();
        Kit k = kit(dag);
        k.stores().dags().setPaused("why_paused", true, k.d().now());
        DagRunRow run = k.d().trigger("why_paused");

        k.d().tick();
        assertThat(k.d().runState("why_paused", run.runId())).isEqualTo(DagRunState.QUEUED);
        assertThat(k.blockers(run, "only")).containsExactly(new DagPaused());

        k.stores().dags().setPaused("why_paused", false, k.d().now());
        assertThat(k.blockers(run, "only")).isEmpty();
        k.d().tick();
        assertThat(k.d().state(run, "only")).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void a_run_held_by_max_active_runs_is_named_and_starts_once_the_running_run_ends() {
        Dag dag = DagBuilder.dag("why_runs").maxActiveRuns(1).tasks(g -> g.task("only", ctx -> null)).build();
        Kit k = kit(dag);
        DagRunRow first = k.d().trigger("why_runs");
        k.d().tick();
        k.d().advance(Duration.ofMinutes(1));
        DagRunRow second = k.d().trigger("why_runs");

        k.d().tick();
        assertThat(k.d().runState("why_runs", second.runId())).isEqualTo(DagRunState.QUEUED);
        assertThat(k.blockers(second, "only")).containsExactly(new RunQueued(1, 1, true));

        k.d().runQueued();
        assertThat(k.d().runState("why_runs", first.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(k.blockers(second, "only")).isEmpty();
        k.d().tick();
        assertThat(k.d().state(second, "only")).isEqualTo(TaskState.QUEUED);
    }

    /** Claims as a worker serving every queue of the live nodes would. */
    private static List<ClaimedTi> claimForLiveNodes(Kit k, String dagId) {
        Set<String> queues = new TreeSet<>();
        k.nodes().nodes().stream().filter(v -> v.state() == NodeRegistry.NodeState.ALIVE)
                .forEach(v -> queues.addAll(v.row().queues()));
        return k.stores().claims().claim(queues, List.of(dagId), 10, "claimer", k.d().now());
    }
}
