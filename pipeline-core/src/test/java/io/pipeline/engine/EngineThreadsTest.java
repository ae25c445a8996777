package io.pipeline.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.store.Stores;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.Await;
import io.pipeline.testing.EveryFewSeconds;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine on its own threads: worker, LISTEN/NOTIFY, heartbeats, Quartz clustered on two nodes. */
class EngineThreadsTest {

    static DataSource ds;
    final List<Engine> engines = new ArrayList<>();

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(EngineThreadsTest.class.getSimpleName(), 30);
    }

    @AfterEach
    void stop() {
        engines.forEach(e -> e.stop(Duration.ofSeconds(5)));
    }

    Engine engine(String node, EngineConfig config, Dag... dags) {
        DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
        DagRegistry registry = new DagRegistry(Stores.create(JdbcClient.create(ds)), new TransactionTemplate(txm), Clock.systemUTC(),
                config);
        registry.load(List.of(dags), List.of());
        Engine e = new Engine(ds, Stores.create(JdbcClient.create(ds)), txm, Clock.systemUTC(), new SimpleMeterRegistry(), config, registry, List.of(),
                TaskResources.none(), new SecretMasker());
        engines.add(e);
        return e;
    }

    DagRunService runs(Engine e) {
        return new DagRunService(Stores.create(JdbcClient.create(ds)), new TransactionTemplate(new DataSourceTransactionManager(ds)),
                Clock.systemUTC(), e.components().registry());
    }

    @Test
    void two_nodes_run_a_fan_out_and_a_chain_to_success_with_each_instance_run_once() {
        Map<String, AtomicInteger> runsPerInstance = new ConcurrentHashMap<>();
        Dag dag = DagBuilder.dag("threads_fanout").maxActiveTasks(64).tasks(g -> {
            TaskRef source = g.task("source", ctx -> IntStream.range(0, 200).boxed().toList());
            TaskRef work = g.task("work", ctx -> {
                runsPerInstance.computeIfAbsent("work" + ctx.mapIndex(), k -> new AtomicInteger()).incrementAndGet();
                return ctx.mapItem(Integer.class);
            }).expand(source);
            TaskRef sum = g.task("sum", ctx -> ctx.inputs("work", Integer.class).stream().mapToInt(i -> i).sum());
            source.then(work).then(sum).then(g.task("a", ctx -> 1)).then(g.task("b", ctx -> 2));
        }).build();
        EngineConfig base = EngineConfig.defaults("x").withQuartz(false).withWorkerConcurrency(8)
                .withIntervals(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
        Engine a = engine("node-a", withNode(base, "node-a"), dag);
        Engine b = engine("node-b", withNode(base, "node-b"), dag);
        a.start();
        b.start();

        DagRunRow run = runs(a).trigger("threads_fanout", null, null, null, null);
        a.wake();
        Await.until(Duration.ofSeconds(60), "the run to finish", () -> runs(a).get("threads_fanout", run.runId())
                .orElseThrow().state().isTerminal());

        assertThat(runs(a).get("threads_fanout", run.runId()).orElseThrow().state())
                .as(() -> new TaskInstanceService(Stores.create(JdbcClient.create(ds))).all("threads_fanout", run.runId()).stream()
                        .filter(ti -> ti.state() != io.pipeline.state.TaskState.SUCCESS)
                        .map(ti -> ti.taskId() + "[" + ti.mapIndex() + "]=" + ti.state() + " " + ti.failureReason())
                        .toList().toString())
                .isEqualTo(DagRunState.SUCCESS);
        assertThat(runsPerInstance).hasSize(200).allSatisfy((k, v) -> assertThat(v.get()).isEqualTo(1));
        JdbcClient jdbc = JdbcClient.create(ds);
        assertThat(jdbc.sql("SELECT value::text FROM xcom WHERE task_id = 'sum'").query(String.class).single())
                .isEqualTo(String.valueOf(199 * 200 / 2));
        assertThat(jdbc.sql("SELECT count(*) FROM task_try t JOIN task_instance i ON i.id = t.ti_id "
                + "WHERE i.run_pk = :r").param("r", run.id()).query(Integer.class).single()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT count(DISTINCT node_id) FROM node WHERE state = 'running'")
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void quartz_clustered_on_two_nodes_fires_run_creation_at_the_timetable_instants() {
        Dag dag = DagBuilder.dag("quartz_fired").schedule(new EveryFewSeconds(Duration.ofSeconds(2)))
                .startDate(Instant.now()).tasks(g -> g.task("t", ctx -> null)).build();
        // The scheduler loop's own pass is made rare, so that the runs come from Quartz's fires.
        EngineConfig base = EngineConfig.defaults("x").withIntervals(Duration.ofMinutes(10), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(10));
        Engine a = engine("qa", withNode(base, "quartz-a"), dag);
        Engine b = engine("qb", withNode(base, "quartz-b"), dag);
        a.start();
        b.start();

        DagRunService runs = runs(a);
        Await.until(Duration.ofSeconds(30), "three runs created by Quartz", () ->
                runs.list("quartz_fired", DagRunFilter.none(), 100, 0, null).totalEntries() >= 3);

        List<DagRunRow> created = runs.list("quartz_fired", DagRunFilter.none(), 100, 0, null).items();
        assertThat(created).extracting(DagRunRow::logicalDate).doesNotHaveDuplicates();
        assertThat(created).allSatisfy(r -> {
            assertThat(r.runType()).isEqualTo("scheduled");
            assertThat(r.createdAt()).isAfterOrEqualTo(r.runAfter().minusMillis(50));
        });
        JdbcClient jdbc = JdbcClient.create(ds);
        assertThat(jdbc.sql("SELECT count(*) FROM qrtz_scheduler_state").query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM qrtz_triggers WHERE trigger_name = 'quartz_fired'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void a_node_stopping_past_its_grace_period_hands_its_running_tries_back_without_using_up_a_try() {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Dag dag = DagBuilder.dag("handed_back").tasks(g -> g.task("slow", ctx -> {
            started.countDown();
            new java.util.concurrent.CountDownLatch(1).await();
            return null;
        })).build();
        EngineConfig base = EngineConfig.defaults("x").withQuartz(false).withIntervals(Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
        Engine a = engine("hb", withNode(base, "hand-back-node"), dag);
        a.start();
        DagRunRow run = runs(a).trigger("handed_back", null, null, null, null);
        a.wake();
        Await.until(Duration.ofSeconds(30), "the try to start", () -> started.getCount() == 0);

        a.stop(Duration.ofMillis(200));

        var ti = new TaskInstanceService(Stores.create(JdbcClient.create(ds))).detail("handed_back", run.runId(), "slow", -1)
                .orElseThrow();
        assertThat(ti.instance().state()).isEqualTo(io.pipeline.state.TaskState.UP_FOR_RETRY);
        assertThat(ti.instance().maxTries()).isEqualTo(2);
        assertThat(ti.tries()).singleElement().satisfies(t -> assertThat(t.error())
                .contains("handed back").contains("hand-back-node"));
    }

    @Test
    void a_dataset_event_committed_by_a_worker_wakes_the_scheduler_of_another_node_at_once() {
        io.pipeline.schedule.Dataset prices = io.pipeline.schedule.Dataset.of("test://threads/prices")
                .partitionedBy(io.pipeline.schedule.Partitioning.sessionsOf("XNYS"));
        Dag producer = DagBuilder.dag("threads_producer").tasks(g -> g.task("publish", ctx -> null).produces(prices))
                .build();
        Dag consumer = DagBuilder.dag("threads_consumer").schedule(io.pipeline.schedule.Schedules.onPartitions(prices))
                .tasks(g -> g.task("use", ctx -> null)).build();
        // The scheduler's own pass is made rare (10 minutes): the consumer's run can only come from a wake-up.
        EngineConfig base = EngineConfig.defaults("x").withQuartz(false).withIntervals(Duration.ofMinutes(10),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
        Engine scheduler = engine("ds", withNode(base, "dataset-scheduler").withRoles(java.util.Set.of("scheduler")),
                producer, consumer);
        Engine worker = engine("dw", withNode(base, "dataset-worker").withRoles(java.util.Set.of("worker")),
                producer, consumer);
        scheduler.start();
        worker.start();

        DagRunRow run = runs(scheduler).trigger("threads_producer", null, Instant.parse("2026-11-20T21:00:00Z"), null,
                null);
        scheduler.wake();
        Await.until(Duration.ofSeconds(30), "the producer to succeed", () -> runs(scheduler)
                .get("threads_producer", run.runId()).orElseThrow().state() == DagRunState.SUCCESS);
        Await.until(Duration.ofSeconds(30), "the consumer's run of 2026-11-20 to succeed", () -> runs(scheduler)
                .list("threads_consumer", DagRunFilter.none(), 10, 0, null).items().stream()
                .anyMatch(r -> "2026-11-20".equals(r.partitionKey()) && r.state() == DagRunState.SUCCESS));
    }

    @Test
    void a_run_asked_for_by_trigger_dag_run_is_started_by_a_wake_up_not_by_the_next_pass() {
        Dag target = DagBuilder.dag("threads_triggered").tasks(g -> g.task("run", ctx -> null)).build();
        Dag controller = DagBuilder.dag("threads_controller")
                .tasks(g -> g.task("trigger", io.pipeline.task.builtin.TriggerDagRun.of("threads_triggered"))).build();
        // A 10-minute pass: the triggered run can only be started by the NOTIFY of the controller's success.
        EngineConfig base = EngineConfig.defaults("x").withQuartz(false).withIntervals(Duration.ofMinutes(10),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
        Engine scheduler = engine("ts", withNode(base, "trigger-scheduler").withRoles(java.util.Set.of("scheduler")),
                controller, target);
        Engine worker = engine("tw", withNode(base, "trigger-worker").withRoles(java.util.Set.of("worker")),
                controller, target);
        scheduler.start();
        worker.start();

        DagRunRow run = runs(scheduler).trigger("threads_controller", null, Instant.parse("2026-11-20T21:00:00Z"),
                null, null);
        scheduler.wake();
        Await.until(Duration.ofSeconds(30), "the controller to succeed", () -> runs(scheduler)
                .get("threads_controller", run.runId()).orElseThrow().state() == DagRunState.SUCCESS);
        Await.until(Duration.ofSeconds(30), "the triggered run to succeed", () -> runs(scheduler)
                .list("threads_triggered", DagRunFilter.none(), 10, 0, null).items().stream()
                .anyMatch(r -> r.state() == DagRunState.SUCCESS));
    }

    static EngineConfig withNode(EngineConfig c, String node) {
        return new EngineConfig(node, c.scheduler(), c.worker(), c.queues(), c.workerConcurrency(),
                c.claimBatchSize(), c.completionBatchSize(), c.schedulerInterval(), c.claimPollInterval(),
                c.heartbeatInterval(), c.zombieThreshold(), c.pausedAtCreation(), c.quartz(), c.notifyChannel(),
                c.synchronousCommit());
    }
}
