package io.pipeline.dags;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dags.marketdata.BacktestRunner;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.task.k8s.FakeCluster;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code backtest_k8s} loads as a manual DAG and, run by the engine against the Kubernetes mock API server (reached
 * through connection {@code PIPELINE_CONN_K8S}), expands to one Job per strategy with the run's image, namespace
 * and windows.
 */
@Timeout(120)
class BacktestK8sDagTest {

    static HikariDataSource ds;
    static FakeCluster cluster;
    static EngineTestDriver driver;
    static final ExecutorService KUBELET = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void engine() throws Exception {
        ds = TestDatabase.migratedDatabase(BacktestK8sDagTest.class);
        cluster = new FakeCluster();
        URI api = URI.create(cluster.client.getMasterUrl().toString());
        driver = EngineTestDriver.create(ds, SettableClock.at("2024-12-02T00:00:00Z"), new BacktestK8sDag().define());
        ObjectStore store = LocalObjectStore.underDataDir(Files.createTempDirectory("bt-k8s"));
        driver.resources().register(ObjectStore.class, store).register(DataSource.class, ds)
                .register(ConnectionRegistry.class, new ConnectionRegistry(Map.of("PIPELINE_CONN_K8S",
                        "kubernetes://:test-token@" + api.getHost() + ":" + api.getPort() + "?tls=false")));
    }

    static io.fabric8.kubernetes.api.model.Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    /** The container's environment as the pod would see it, with the test database in place of the cluster's. */
    static Map<String, String> environment(Job job) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : container(job).getEnv()) {
            String value = e.getValueFrom() == null ? e.getValue() : switch (e.getValueFrom().getSecretKeyRef().getKey()) {
                case "username" -> ds.getUsername();
                case "password" -> ds.getPassword();
                default -> throw new AssertionError("unknown secret key of " + e);
            };
            env.put(e.getName(), value);
        }
        assertThat(env.get(BacktestRunner.DB_URL)).isEqualTo("jdbc:postgresql://marketdata-db:5432/pipeline");
        env.put(BacktestRunner.DB_URL, ds.getJdbcUrl());
        return env;
    }

    @AfterAll
    static void close() {
        KUBELET.shutdownNow();
        cluster.close();
        ds.close();
    }

    @Test
    void the_dag_is_manual_and_fans_out_from_the_strategies() {
        Dag dag = new BacktestK8sDag().define();
        assertThat(dag.tasks().keySet()).containsExactly("prepare_history", "strategies", "run_strategy");
        assertThat(dag.tasks().get("run_strategy").expandFrom()).isEqualTo("strategies");
        assertThat(dag.timetable()).isSameAs(io.pipeline.schedule.Schedules.manual());
    }

    @Test
    void each_strategy_runs_as_its_own_job_of_the_runner_and_writes_its_rows_beside_the_others() throws Exception {
        // the kubelet runs each Job's container as the runner image would: its entry point with the container's
        // args and environment, the secret and the database host resolved to the test database
        Future<List<Job>> kubelet = KUBELET.submit(() -> {
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Job job = cluster.awaitJob(Duration.ofSeconds(60));
                jobs.add(job);
                Pod pod = cluster.schedule(job);
                StringWriter out = new StringWriter();
                int exit = BacktestRunner.run(container(job).getArgs().toArray(String[]::new), environment(job),
                        Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC), new PrintWriter(out),
                        new PrintWriter(out));
                cluster.exit(job, cluster.run(pod, out.toString()), exit, exit == 0 ? "Completed" : "Error");
            }
            return jobs;
        });
        DagRunRow run = driver.runs().trigger(BacktestK8sDag.DAG_ID, "bt_k8s_1", Instant.parse("2026-11-20T22:00:00Z"),
                Map.of("strategies", "5/20, 10/50", "lookback_sessions", 60, "end", "2026-11-20",
                        "image", "registry.example/backtest:2.1", "namespace", FakeCluster.NS), null);

        driver.settle();

        assertThat(driver.runState(BacktestK8sDag.DAG_ID, run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(driver.state(run, "run_strategy", 0)).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.state(run, "run_strategy", 1)).isEqualTo(TaskState.SUCCESS);
        List<Job> jobs = new ArrayList<>(kubelet.get(30, TimeUnit.SECONDS));
        jobs.sort(Comparator.comparing(j -> j.getMetadata().getLabels().get("pipeline.io/map-index")));
        assertThat(jobs).extracting(j -> j.getMetadata().getLabels().get("strategy"))
                .containsExactly("ma_5_20", "ma_10_50");
        for (int i = 0; i < 2; i++) {
            Job job = jobs.get(i);
            assertThat(job.getMetadata().getNamespace()).isEqualTo(FakeCluster.NS);
            assertThat(job.getMetadata().getLabels()).containsEntry("pipeline.io/dag", "backtest_k8s")
                    .containsEntry("pipeline.io/run", "bt_k8s_1").containsEntry("pipeline.io/map-index", "" + i);
            var container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getImage()).isEqualTo("registry.example/backtest:2.1");
            assertThat(container.getEnv()).filteredOn(e -> e.getValueFrom() != null)
                    .extracting(e -> e.getName() + "<-" + e.getValueFrom().getSecretKeyRef().getName())
                    .containsExactly("PIPELINE_DB_USER<-marketdata-db", "PIPELINE_DB_PASSWORD<-marketdata-db");
        }
        assertThat(jobs.get(0).getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
                .containsExactly("backtest", "--run-id", "bt_k8s_1", "--strategy", "ma_5_20", "--short-window", "5",
                        "--long-window", "20", "--lookback-sessions", "60", "--end", "2026-11-20");
        assertThat(driver.log(run, "run_strategy", 1, 1))
                .contains("stored 5 row(s) in backtest_result for run bt_k8s_1, strategy ma_10_50", "deleted job");
        assertThat(cluster.jobs()).isEmpty();
        // each strategy's rows, side by side under the same run
        assertThat(QueryText.of(ds, "SELECT strategy, short_window, long_window, count(*), min(start_date),"
                + " max(end_date), min(days) FROM backtest_result WHERE run_id = 'bt_k8s_1'"
                + " GROUP BY 1, 2, 3 ORDER BY 2"))
                .isEqualTo("ma_5_20|5|20|5|2026-08-28|2026-11-20|40\nma_10_50|10|50|5|2026-08-28|2026-11-20|10\n");
    }

    @Test
    void a_bad_strategy_list_fails_naming_the_entry() {
        DagRunRow run = driver.runs().trigger(BacktestK8sDag.DAG_ID, "bt_k8s_bad", Instant.parse("2026-11-19T22:00:00Z"),
                Map.of("strategies", "10/50,50/10", "lookback_sessions", 60, "end", "2026-11-20"), null);
        driver.settle();
        assertThat(driver.ti(run, "strategies", -1).failureReason())
                .contains("param strategies: '50/10' is not SHORT/LONG with 0 < SHORT < LONG");
        assertThat(cluster.createdJobs).noneMatch(p -> p.contains("bt_k8s_bad"));
    }
}
