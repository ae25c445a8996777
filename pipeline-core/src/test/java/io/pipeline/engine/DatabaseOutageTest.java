package io.pipeline.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.store.Stores;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.Await;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away mid-run and comes back: the engine keeps running, and the run completes with every TI run
 * exactly once. Uses its OWN embedded PostgreSQL (stopped and started here), never the shared test server.
 */
class DatabaseOutageTest {

    @TempDir
    Path dataDir;

    EmbeddedPostgres startServer(int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    @Test
    void losing_the_database_mid_run_loses_no_task_instance_and_runs_none_twice() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = startServer(port);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        hc.setUsername("postgres");
        hc.setPassword("postgres");
        hc.setMaximumPoolSize(8);
        hc.setConnectionTimeout(500);
        hc.setValidationTimeout(250);
        hc.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(hc);
        Engine engine = null;
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                    .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                    .load().migrate();
            Map<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();
            CountDownLatch halfway = new CountDownLatch(10);
            CountDownLatch resume = new CountDownLatch(1);
            Dag dag = DagBuilder.dag("outage").maxActiveTasks(8).tasks(g -> {
                TaskRef source = g.task("source", ctx -> IntStream.range(0, 40).boxed().toList());
                TaskRef work = g.task("work", ctx -> {
                    int i = ctx.mapItem(Integer.class);
                    executions.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
                    halfway.countDown();
                    if (i == 20) {
                        resume.await();
                    }
                    return i;
                }).expand(source);
                source.then(work).then(g.task("sum", ctx -> ctx.inputs("work", Integer.class).size()));
            }).build();
            DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
            EngineConfig config = EngineConfig.defaults("outage-node").withQuartz(false).withWorkerConcurrency(4)
                    .withIntervals(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1),
                            Duration.ofSeconds(10));
            DagRegistry registry = new DagRegistry(Stores.create(JdbcClient.create(ds)), new TransactionTemplate(txm),
                    Clock.systemUTC(), config);
            registry.load(List.of(dag), List.of());
            DagRunService runs = new DagRunService(Stores.create(JdbcClient.create(ds)), new TransactionTemplate(txm),
                    Clock.systemUTC(), registry);
            engine = new Engine(ds, Stores.create(JdbcClient.create(ds)), txm, Clock.systemUTC(), new SimpleMeterRegistry(), config, registry, List.of(),
                    TaskResources.none(), new SecretMasker());
            engine.start();
            DagRunRow run = runs.trigger("outage", "r1", null, null, null);
            engine.wake();
            halfway.await();

            pg.close();
            Engine running = engine;
            Await.until(Duration.ofSeconds(20), "the engine to notice the outage", running::isDatabaseDown);
            resume.countDown();
            pg = startServer(port);
            Await.until(Duration.ofSeconds(60), "the run to finish after the outage", () -> {
                try {
                    return runs.get("outage", "r1").orElseThrow().state().isTerminal();
                } catch (RuntimeException stillDown) {
                    return false;
                }
            });

            assertThat(runs.get("outage", "r1").orElseThrow().state())
                    .as(() -> new TaskInstanceService(Stores.create(JdbcClient.create(ds))).all("outage", "r1").stream()
                            .filter(ti -> ti.state() != TaskState.SUCCESS || ti.tryNumber() != 1)
                            .map(ti -> ti.taskId() + "[" + ti.mapIndex() + "]=" + ti.state() + "/" + ti.tryNumber()
                                    + " " + ti.failureReason()).toList() + " executions " + executions)
                    .isEqualTo(DagRunState.SUCCESS);
            assertThat(executions).hasSize(40).allSatisfy((i, n) -> assertThat(n.get()).as("runs of item " + i)
                    .isEqualTo(1));
            TaskInstanceService tis = new TaskInstanceService(Stores.create(JdbcClient.create(ds)));
            assertThat(tis.all("outage", run.runId())).allSatisfy(ti -> {
                assertThat(ti.state()).isEqualTo(TaskState.SUCCESS);
                // a try that could not read its input while the database was away is retried, without using up
                // one of the task's tries; no other reason for a second try is acceptable here
                var tries = tis.detail("outage", "r1", ti.taskId(), ti.mapIndex()).orElseThrow().tries();
                assertThat(tries.subList(0, tries.size() - 1)).allSatisfy(t ->
                        assertThat(t.error()).startsWith("database unreachable"));
                assertThat(ti.maxTries() - ti.tryNumber()).isEqualTo(0);
            });
            assertThat(running.isDatabaseDown()).isFalse();
        } finally {
            if (engine != null) {
                engine.stop(Duration.ofSeconds(5));
            }
            ds.close();
            pg.close();
        }
    }
}
