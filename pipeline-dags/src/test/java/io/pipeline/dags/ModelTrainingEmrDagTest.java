package io.pipeline.dags;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.testservers.S3TestServer;
import io.pipeline.dag.Dag;
import io.pipeline.dags.marketdata.ModelTrainingTasks;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.S3ObjectStore;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.schedule.Schedules;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.task.emr.FakeEmrServer;
import io.pipeline.task.emr.FakeEmrServer.FakeCluster;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code model_training_emr} through the engine (test driver, settable clock, embedded PostgreSQL) with its object
 * store on a real S3-compatible server (S3Proxy) and its EMR calls made by the real SDK client against the EMR
 * stand-in, whose cluster the test plays: the training step reads the session's bars where the DAG wrote them and
 * writes the model where the DAG looks for it. Every path ends with the run's clusters terminated: success, a failed
 * step, the sensor's timeout, and a clear while the training runs; a local object store creates none.
 */
@Timeout(180)
class ModelTrainingEmrDagTest {

    static final String DAG = ModelTrainingEmrDag.DAG_ID;
    static final LocalDate SESSION = LocalDate.parse("2026-11-20");

    static HikariDataSource ds;
    static FakeEmrServer emr;
    static EngineTestDriver driver;
    static Operations ops;
    static S3ObjectStore store;
    static String bucket;
    static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeAll
    static void engine() throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        emr = new FakeEmrServer();
        S3TestServer s3 = S3TestServer.get();
        bucket = s3.newBucket("models");
        store = S3ObjectStore.of(s3.connection("object_store", bucket, "pipeline"));
        ds = TestDatabase.migratedDatabase(ModelTrainingEmrDagTest.class);
        driver = EngineTestDriver.create(ds, SettableClock.at("2024-12-02T00:00:00Z"), new DailyBars().define(),
                new ModelTrainingEmrDag(Map.of("PIPELINE_MODEL_TRAINING_APP", "s3://code/jobs/train.py")).define());
        driver.resources().register(ObjectStore.class, store).register(DataSource.class, ds)
                .register(ConnectionRegistry.class, connections());
        ops = driver.operations();
        for (String session : List.of("2026-11-19", "2026-11-20")) {
            DagRunRow daily = driver.runs().trigger("daily_bars", null, null, Map.of(), null, session);
            driver.settle();
            assertThat(driver.runState("daily_bars", daily.runId())).isEqualTo(DagRunState.SUCCESS);
        }
    }

    static ConnectionRegistry connections() {
        return new ConnectionRegistry(Map.of("PIPELINE_CONN_EMR",
                "emr://AKIDTEST:s3cret@emr?region=eu-west-1&endpoint=" + emr.endpoint()));
    }

    @AfterAll
    static void close() {
        emr.close();
        store.close();
        ds.close();
    }

    @Test
    void the_dag_is_manual_and_exports_then_trains_then_checks() {
        Dag dag = new ModelTrainingEmrDag().define();
        assertThat(dag.tasks().keySet()).containsExactly("export_bars", "train_model", "check_model");
        assertThat(dag.timetable()).isSameAs(Schedules.manual());
    }

    @Test
    void trains_on_a_cluster_of_the_run_over_the_sessions_bars_in_s3_and_the_model_lands_in_s3() {
        DagRunRow run = trigger("train_ok");
        FakeCluster c = clusterOf(run);
        assertThat(c.request).containsEntry("Name", DAG + "-train_ok").containsEntry("ReleaseLabel", "emr-7.5.0");
        assertThat(driver.log(run, "train_model", -1, 1)).contains("created cluster " + c.id + " (" + DAG + "-train_ok,");
        assertThat(c.tags).containsEntry("pipeline:dag", DAG).containsEntry("pipeline:task", "train_model")
                .containsEntry("pipeline:run", "train_ok").containsEntry("pipeline:try", "1");
        String bars = "s3://" + bucket + "/pipeline/bars_1d/2026-11-20/";
        String model = "s3://" + bucket + "/pipeline/models/2026-11-20/model.json";
        assertThat(c.steps).hasSize(1);
        assertThat(c.steps.getFirst().args).containsExactly("spark-submit", "--deploy-mode", "cluster",
                "s3://code/jobs/train.py", "--session", "2026-11-20", "--bars", bars, "--model", model);

        emr.start(c.id);
        poke();
        assertThat(driver.state(run, "train_model")).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
        trainAsTheStepWould(c);
        c.steps.getFirst().state = "COMPLETED"; // the step is done; EMR has not yet begun to end the cluster
        poke();
        driver.tick();

        assertThat(driver.runState(DAG, "train_ok")).isEqualTo(DagRunState.SUCCESS);
        assertThat(driver.log(run, "check_model", -1, 1)).contains("model " + model);
        assertThat(c.state).as("the engine ends the cluster once the task succeeded").isEqualTo("TERMINATED");
        assertThat(driver.log(run, "train_model", -1, 1)).contains("terminated cluster " + c.id + " (success");
        assertThat(emr.runJobFlowCalls("train_ok")).isEqualTo(1);
        assertThat(liveHandles()).isZero();
    }

    @Test
    void a_failed_training_step_fails_the_run_and_every_cluster_of_it_is_terminated() {
        DagRunRow run = trigger("train_fails");
        FakeCluster first = clusterOf(run);
        emr.start(first.id);
        emr.failStep(first.id, 0, "Application failed", "ValueError: not enough sessions to fit");
        poke();
        assertThat(driver.state(run, "train_model")).isEqualTo(TaskState.UP_FOR_RETRY);

        driver.advance(Duration.ofMinutes(5));
        driver.settle();
        List<FakeCluster> clusters = clusters(run);
        assertThat(clusters).hasSize(2);
        FakeCluster second = clusters.get(1);
        assertThat(second.tags).containsEntry("pipeline:try", "2");
        emr.start(second.id);
        second.steps.getFirst().state = "FAILED"; // seen before EMR terminates the cluster for it
        poke();
        driver.tick();

        assertThat(driver.runState(DAG, "train_fails")).isEqualTo(DagRunState.FAILED);
        assertThat(driver.state(run, "check_model")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(first.state).isEqualTo("TERMINATED_WITH_ERRORS");
        assertThat(second.state).isEqualTo("TERMINATED");
        assertThat(second.reasonCode).isEqualTo("USER_REQUEST");
        assertThat(driver.log(run, "train_model", -1, 1)).contains("ValueError: not enough sessions to fit");
        assertThat(store.exists(ModelTrainingTasks.modelKey(SESSION))).isFalse();
        assertThat(liveHandles()).isZero();
    }

    @Test
    void a_training_past_the_sensor_timeout_fails_and_its_cluster_is_terminated() {
        DagRunRow run = trigger("train_times_out");
        FakeCluster c = clusterOf(run);
        emr.start(c.id);
        driver.advance(ModelTrainingEmrDag.TIMEOUT.plusMinutes(1));
        driver.settle();
        driver.tick();

        assertThat(driver.runState(DAG, "train_times_out")).isEqualTo(DagRunState.FAILED);
        assertThat(c.state).isEqualTo("TERMINATED");
        assertThat(c.reasonCode).isEqualTo("USER_REQUEST");
        assertThat(driver.log(run, "train_model", -1, 1))
                .contains("terminated cluster " + c.id + " (failed: sensor timed out");
        assertThat(liveHandles()).isZero();
    }

    @Test
    void clearing_the_running_training_terminates_its_cluster_and_the_rerun_trains_on_a_new_one() {
        DagRunRow run = trigger("train_cleared");
        FakeCluster first = clusterOf(run);
        emr.start(first.id);

        ops.clear(ClearRequest.of(DAG, TaskScope.ids("train_model"), RunScope.run("train_cleared")),
                Actor.api("alice"));
        driver.settle();

        assertThat(first.state).isEqualTo("TERMINATED");
        assertThat(driver.log(run, "train_model", -1, 1))
                .contains("terminated cluster " + first.id + " (none: cleared by alice (api))");
        List<FakeCluster> clusters = clusters(run);
        assertThat(clusters).hasSize(2);
        FakeCluster second = clusters.get(1);
        emr.start(second.id);
        trainAsTheStepWould(second);
        emr.completeStep(second.id, 0); // the step completed and the cluster ended itself
        poke();
        driver.tick();

        assertThat(driver.runState(DAG, "train_cleared")).isEqualTo(DagRunState.SUCCESS);
        assertThat(second.state).isEqualTo("TERMINATED");
        assertThat(second.reasonCode).isEqualTo("ALL_STEPS_COMPLETED");
        assertThat(liveHandles()).isZero();
    }

    @Test
    void with_a_local_object_store_the_training_fails_at_once_naming_the_variable_and_creates_no_cluster()
            throws Exception {
        try (HikariDataSource engineDb = TestDatabase.migratedDatabase("model_training_local", 4)) {
            EngineTestDriver local = EngineTestDriver.create(engineDb, SettableClock.at("2024-12-02T00:00:00Z"),
                    new ModelTrainingEmrDag().define());
            local.resources().register(ObjectStore.class, LocalObjectStore.underDataDir(
                            Files.createTempDirectory("model-training-local")))
                    .register(DataSource.class, ds) // the bars loaded above
                    .register(ConnectionRegistry.class, connections());
            int clustersBefore = emr.clusters().size();

            DagRunRow run = local.runs().trigger(DAG, "train_local", Instant.parse("2026-11-20T22:00:00Z"),
                    Map.of("lookback_sessions", 2), null);
            local.settle();

            assertThat(local.state(run, "export_bars")).isEqualTo(TaskState.SUCCESS);
            assertThat(local.state(run, "train_model")).as("not retried").isEqualTo(TaskState.FAILED);
            assertThat(local.log(run, "train_model", -1, 1)).contains("EMR reads its input from S3, but the object"
                    + " store is file:").contains("set PIPELINE_CONN_OBJECT_STORE to an s3:// bucket");
            assertThat(emr.clusters()).hasSize(clustersBefore);
        }
    }

    /** The training application: reads the bars under --bars, writes a model with a line per symbol to --model. */
    private static void trainAsTheStepWould(FakeCluster c) {
        List<String> args = c.steps.getFirst().args;
        String barsPrefix = args.get(args.indexOf("--bars") + 1);
        String model = args.get(args.indexOf("--model") + 1);
        String root = "s3://" + bucket + "/pipeline/";
        List<String> keys = store.list(barsPrefix.substring(root.length()));
        assertThat(keys).containsExactly(ModelTrainingTasks.barsKey(SESSION));
        String csv = store.getString(keys.getFirst());
        assertThat(csv.lines().skip(1)).as("two sessions of every sample ticker").hasSize(10)
                .allMatch(l -> l.contains(",2026-11-19,") || l.contains(",2026-11-20,"));
        long symbols = csv.lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count();
        store.putString(model.substring(root.length()), "{\"symbols\": " + symbols + "}");
    }

    private static DagRunRow trigger(String runId) {
        if (store.exists(ModelTrainingTasks.modelKey(SESSION))) {
            store.delete(ModelTrainingTasks.modelKey(SESSION));
        }
        // one logical date per run, all in the evening of the session in New York
        DagRunRow run = driver.runs().trigger(DAG, runId,
                Instant.parse("2026-11-20T22:00:00Z").plusSeconds(RUNS.incrementAndGet()),
                Map.of("lookback_sessions", 2), null);
        driver.settle();
        assertThat(driver.state(run, "export_bars")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.state(run, "train_model")).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
        return run;
    }

    private static void poke() {
        driver.advance(ModelTrainingEmrDag.POKE_INTERVAL);
        driver.settle();
    }

    private static FakeCluster clusterOf(DagRunRow run) {
        List<FakeCluster> found = clusters(run);
        assertThat(found).as("clusters of run " + run.runId()).hasSize(1);
        return found.getFirst();
    }

    private static List<FakeCluster> clusters(DagRunRow run) {
        return emr.clusters().stream().filter(c -> run.runId().equals(c.tags.get("pipeline:run"))
                && DAG.equals(c.tags.get("pipeline:dag")))
                .sorted(Comparator.comparingInt(c -> Integer.parseInt(c.tags.get("pipeline:try")))).toList();
    }

    private static int liveHandles() {
        try {
            return Integer.parseInt(QueryText.of(ds, "SELECT count(*) FROM task_handle WHERE ti_id IN (SELECT id"
                    + " FROM task_instance WHERE dag_id = '" + DAG + "' AND state IN ('success', 'failed',"
                    + " 'upstream_failed'))").trim());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
