package io.pipeline.task.emr;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.MarkRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.task.emr.FakeEmrServer.FakeCluster;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * EmrJobFlow through the real engine (test driver, settable clock) and the real SDK client against an EMR endpoint
 * in the test JVM: steps succeed, a step fails, sensor timeout, clear, mark, run deletion, restart and reattach, and
 * the errors no retry can fix.
 */
class EmrJobFlowTest {

    static FakeEmrServer emr;
    static EngineTestDriver driver;
    static Operations ops;

    static EmrClusterSpec spec(String masterType, String release) {
        return EmrClusterSpec.named("bars-{ds}")
                .releaseLabel(release)
                .instances(masterType, "m5.xlarge", 3)
                .bootstrapAction("deps", "s3://code/bootstrap.sh", "--with", "pyarrow")
                .configuration("spark-defaults", Map.of("spark.executor.memory", "4g"))
                .sparkStep("load", "s3://code/jobs/load_bars.py", "--date", "{ds}")
                .sparkStep("check", "s3://code/jobs/check_bars.py", "--date", "{ds}")
                .logUri("s3://logs/emr/")
                .tag("team", "market-data")
                .build();
    }

    static Dag dag(String dagId, String connection, String masterType, int retries) {
        return dag(dagId, connection, masterType, "emr-7.5.0", retries);
    }

    static Dag dag(String dagId, String connection, String masterType, String release, int retries) {
        return DagBuilder.dag(dagId).tasks(g -> g.sensor("etl", EmrJobFlow.create(connection, spec(masterType, release)),
                        EmrJobFlow.waiting(Duration.ofMinutes(1), Duration.ofHours(2)))
                .retries(retries).retryDelay(Duration.ofMinutes(1))).build();
    }

    @BeforeAll
    static void engine() throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true"); // the default chain must not look for an instance role
        emr = new FakeEmrServer();
        driver = EngineTestDriver.create(TestDatabase.migratedDatabase(EmrJobFlowTest.class),
                SettableClock.at("2026-03-02T12:00:00Z"),
                dag("emr_flow", "emr_test", "m5.xlarge", 2),
                dag("emr_once", "emr_test", "m5.xlarge", 0),
                dag("emr_bad_type", "emr_test", "m5.huge", 3),
                dag("emr_bad_release", "emr_test", "m5.xlarge", "emr-9.99.0", 3),
                dag("emr_no_creds", "emr_nocreds", "m5.xlarge", 3),
                dag("emr_no_connection", "emr_missing", "m5.xlarge", 3));
        String endpoint = "&endpoint=" + emr.endpoint();
        driver.resources().register(ConnectionRegistry.class, new ConnectionRegistry(Map.of(
                "PIPELINE_CONN_EMR_TEST", "emr://AKIDTEST:s3cret@emr?region=eu-west-1" + endpoint,
                "PIPELINE_CONN_EMR_NOCREDS", "emr://emr?region=eu-west-1" + endpoint)));
        var p = driver.parts();
        ops = new Operations(p.stores(), p.tx(), p.clock(), driver.registry(), driver.runs(), p.recorder(), null);
    }

    @AfterAll
    static void stop() {
        emr.close();
    }

    @Test
    void creates_a_tagged_cluster_follows_its_steps_and_succeeds_when_all_completed() {
        DagRunRow run = trigger("emr_flow", "steps_ok");
        driver.settle();
        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
        FakeCluster c = clusterOf(run);
        assertThat(c.tags).containsEntry("pipeline:dag", "emr_flow").containsEntry("pipeline:task", "etl")
                .containsEntry("pipeline:run", "steps_ok").containsEntry("pipeline:map-index", "-1")
                .containsEntry("pipeline:try", "1").containsEntry("team", "market-data");
        @SuppressWarnings("unchecked")
        Map<String, Object> instances = (Map<String, Object>) c.request.get("Instances");
        assertThat(instances).containsEntry("KeepJobFlowAliveWhenNoSteps", false)
                .containsEntry("InstanceCount", 3);
        assertThat(c.request).containsEntry("ReleaseLabel", "emr-7.5.0").containsEntry("LogUri", "s3://logs/emr/");
        assertThat(c.steps.getFirst().args).containsExactly("spark-submit", "--deploy-mode", "cluster",
                "s3://code/jobs/load_bars.py", "--date", "2026-03-02");

        emr.start(c.id);
        poke();
        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
        emr.completeStep(c.id, 0);
        poke();
        emr.completeStep(c.id, 1);
        poke();

        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.SUCCESS);
        String log = driver.log(run, "etl", -1, 1);
        assertThat(log).contains("created cluster " + c.id)
                .contains("cluster " + c.id + " RUNNING; steps: load=RUNNING, check=PENDING")
                .contains("load=COMPLETED, check=RUNNING")
                .contains("https://eu-west-1.console.aws.amazon.com/emr/home?region=eu-west-1#/clusterDetails/"
                        + c.id);
        assertThat(emr.runJobFlowCalls("steps_ok")).as("one cluster for the try").isEqualTo(1);
        driver.tick();
        assertThat(liveHandles()).as("the handle is gone once the TI succeeded").isZero();
    }

    @Test
    void a_failed_step_fails_the_try_with_its_reason_and_the_cluster_is_terminated() {
        DagRunRow run = trigger("emr_once", "step_fails");
        FakeCluster c = firstPoke(run);
        emr.start(c.id);
        emr.failStep(c.id, 0, "Application failed", "Exception in thread main: no bars for 2026-03-02");
        poke();

        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.FAILED);
        assertThat(tryError(run, 1)).contains("step 'load' of cluster " + c.id + " is FAILED: Application failed")
                .contains("no bars for 2026-03-02").contains("s3://logs/" + c.id);
        assertThat(c.state).isEqualTo("TERMINATED_WITH_ERRORS");
        assertThat(c.steps.get(1).state).isEqualTo("CANCELLED");
    }

    @Test
    void a_cancelled_step_on_a_cluster_still_alive_makes_the_task_terminate_it() {
        DagRunRow run = trigger("emr_once", "step_cancelled");
        FakeCluster c = firstPoke(run);
        emr.start(c.id);
        c.steps.getFirst().state = "CANCELLED";
        poke();

        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.FAILED);
        assertThat(tryError(run, 1)).contains("step 'load' of cluster " + c.id + " is CANCELLED");
        assertThat(c.state).isEqualTo("TERMINATED");
        assertThat(c.reasonCode).isEqualTo("USER_REQUEST");
        assertThat(driver.log(run, "etl", -1, 1)).as("the task itself, then the engine's release")
                .contains("INFO terminated cluster " + c.id + "\n")
                .contains("cluster " + c.id + " is already TERMINATED");
    }

    @Test
    void a_sensor_timeout_fails_the_try_and_the_engine_terminates_the_cluster() {
        DagRunRow run = trigger("emr_flow", "times_out");
        FakeCluster c = firstPoke(run);
        emr.start(c.id);
        driver.advance(Duration.ofHours(2).plusMinutes(1));
        driver.settle();

        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.FAILED);
        assertThat(tryError(run, 1)).startsWith("sensor timed out");
        driver.tick();
        assertThat(c.state).isEqualTo("TERMINATED");
        assertThat(c.reasonCode).isEqualTo("USER_REQUEST");
        assertThat(driver.log(run, "etl", -1, 1)).contains("terminated cluster " + c.id + " (failed: sensor timed out");
        assertThat(liveHandles()).isZero();
        assertThat(pendingReleases()).isZero();
    }

    @Test
    void clearing_a_waiting_task_terminates_its_cluster_and_the_next_try_creates_a_new_one() {
        DagRunRow run = trigger("emr_flow", "cleared");
        FakeCluster first = firstPoke(run);
        emr.start(first.id);

        ops.clear(ClearRequest.of("emr_flow", TaskScope.ids("etl"), RunScope.run("cleared")), Actor.api("alice"));
        driver.settle();

        assertThat(first.state).isEqualTo("TERMINATED");
        assertThat(driver.log(run, "etl", -1, 1)).contains("terminated cluster " + first.id
                + " (none: cleared by alice (api))");
        List<FakeCluster> all = clusters(run);
        assertThat(all).hasSize(2);
        FakeCluster second = all.get(1);
        assertThat(second.state).isEqualTo("STARTING");
        assertThat(second.tags).containsEntry("pipeline:try", "2");
        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
        ops.mark(MarkRequest.of("emr_flow", TaskScope.ids("etl"), RunScope.run("cleared"), TaskState.SUCCESS),
                Actor.api("alice"));
        driver.tick();
        assertThat(second.state).as("marking the TI ends its cluster too").isEqualTo("TERMINATED");
    }

    @Test
    void deleting_the_run_of_a_waiting_task_terminates_its_cluster() {
        DagRunRow run = trigger("emr_flow", "deleted");
        FakeCluster c = firstPoke(run);
        ops.deleteRun("emr_flow", "deleted", Actor.api("alice"));
        driver.tick();
        assertThat(c.state).isEqualTo("TERMINATED");
        assertThat(pendingReleases()).isZero();
    }

    @Test
    void a_new_try_after_a_lost_node_reattaches_to_the_running_cluster_instead_of_creating_another() {
        DagRunRow run = trigger("emr_flow", "restart");
        FakeCluster c = firstPoke(run);
        emr.start(c.id);

        loseTheNodeOfTheNextPoke(run);
        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.UP_FOR_RETRY);
        driver.tick();
        assertThat(c.state).as("a retry keeps the cluster").isEqualTo("RUNNING");

        driver.advance(Duration.ofMinutes(2));
        driver.settle();
        assertThat(driver.ti(run, "etl", -1).tryNumber()).isEqualTo(2);
        assertThat(emr.runJobFlowCalls("restart")).as("no second cluster").isEqualTo(1);
        assertThat(driver.log(run, "etl", -1, 2)).contains("reattached to cluster " + c.id + " created by try 1");
        emr.completeStep(c.id, 0);
        emr.completeStep(c.id, 1);
        poke();
        assertThat(driver.state(run, "etl")).isEqualTo(TaskState.SUCCESS);
        assertThat(clusters(run)).hasSize(1);
    }

    @Test
    void a_new_try_creates_a_new_cluster_when_the_previous_one_died_meanwhile() {
        DagRunRow run = trigger("emr_flow", "restart_dead");
        FakeCluster c = firstPoke(run);
        loseTheNodeOfTheNextPoke(run);
        emr.terminateExternally(c.id);
        driver.advance(Duration.ofMinutes(2));
        driver.settle();

        assertThat(clusters(run)).hasSize(2);
        assertThat(driver.log(run, "etl", -1, 2)).contains("cluster " + c.id + " of try 1 is TERMINATED; creating a new"
                + " cluster");
    }

    @Test
    void an_unknown_instance_type_fails_at_once_with_emrs_words_and_no_retry() {
        DagRunRow run = failsAtOnce("emr_bad_type", "bad_type");
        assertThat(emr.runJobFlowCalls("bad_type")).isEqualTo(1);
        assertThat(tryError(run, 1)).contains("EmrRefusedException").contains("ValidationException")
                .contains("Instance type 'm5.huge' is not supported");
        assertThat(clusters(run)).isEmpty();
        assertThat(liveHandles() + pendingReleases()).isZero();
    }

    @Test
    void an_unknown_release_label_fails_at_once_with_no_cluster() {
        DagRunRow run = failsAtOnce("emr_bad_release", "bad_release");
        assertThat(tryError(run, 1)).contains("release emr-9.99.0")
                .contains("The requested release label 'emr-9.99.0' is not valid.");
        assertThat(clusters(run)).isEmpty();
    }

    @Test
    void a_connection_that_is_not_configured_fails_at_once_naming_the_variable() {
        DagRunRow run = failsAtOnce("emr_no_connection", "no_connection");
        assertThat(tryError(run, 1)).contains("EMR connection 'emr_missing' is unusable")
                .contains("set PIPELINE_CONN_EMR_MISSING");
        assertThat(emr.runJobFlowCalls("no_connection")).isZero();
    }

    @Test
    void missing_credentials_fail_at_once_naming_the_connection() {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null,
                "AWS credentials are set in this environment");
        DagRunRow run = failsAtOnce("emr_no_creds", "no_creds");
        assertThat(tryError(run, 1)).contains("no AWS credentials for EMR connection 'emr_nocreds'");
        assertThat(clusters(run)).isEmpty();
    }

    /** Triggers a run whose task must fail on its first try, whatever retries it has left. */
    private static DagRunRow failsAtOnce(String dagId, String runId) {
        DagRunRow run = trigger(dagId, runId);
        driver.settle();
        driver.advance(Duration.ofMinutes(10));
        driver.settle();
        assertThat(driver.state(run, "etl")).as("3 retries configured, none used").isEqualTo(TaskState.FAILED);
        assertThat(driver.ti(run, "etl", -1).tryNumber()).isEqualTo(1);
        return run;
    }

    /** A manual run a minute after the previous one (manual runs are keyed by their logical date, now). */
    private static DagRunRow trigger(String dagId, String runId) {
        driver.advance(Duration.ofMinutes(1));
        return driver.trigger(dagId, runId, Map.of());
    }

    /** Runs the first poke of the run's task, which creates its cluster. */
    private static FakeCluster firstPoke(DagRunRow run) {
        driver.settle();
        return clusterOf(run);
    }

    /** The node claims the next poke and dies; the reaper fails the try as node lost. */
    private static void loseTheNodeOfTheNextPoke(DagRunRow run) {
        driver.advance(Duration.ofMinutes(1));
        driver.tick();
        assertThat(driver.claim(10)).extracting(ti -> ti.runId()).contains(run.runId());
        driver.advance(Duration.ofMinutes(2));
        assertThat(driver.parts().reaper().reap(driver.now())).isPositive();
        assertThat(driver.ti(run, "etl", -1).failureReason()).isEqualTo("node lost");
    }

    /** The next reschedule poke: a minute later, one scheduler pass and the queued work. */
    private static void poke() {
        driver.advance(Duration.ofMinutes(1));
        driver.settle();
    }

    private static FakeCluster clusterOf(DagRunRow run) {
        List<FakeCluster> found = clusters(run);
        assertThat(found).as("clusters of run " + run.runId()).hasSize(1);
        return found.getFirst();
    }

    private static List<FakeCluster> clusters(DagRunRow run) {
        return emr.clusters().stream().filter(c -> run.runId().equals(c.tags.get("pipeline:run"))
                && run.dagId().equals(c.tags.get("pipeline:dag"))).toList();
    }

    private static String tryError(DagRunRow run, int tryNumber) {
        return driver.parts().jdbc().sql("SELECT error FROM task_try WHERE ti_id = :ti AND try_number = :try")
                .param("ti", driver.ti(run, "etl", -1).id()).param("try", tryNumber).query(String.class).single();
    }

    private static int liveHandles() {
        return driver.parts().jdbc().sql("SELECT count(*) FROM task_handle WHERE release_reason IS NULL"
                + " AND ti_id IN (SELECT id FROM task_instance WHERE state IN ('success', 'failed'))")
                .query(Integer.class).single();
    }

    private static int pendingReleases() {
        return driver.parts().jdbc().sql("SELECT count(*) FROM task_handle WHERE release_reason IS NOT NULL")
                .query(Integer.class).single();
    }
}
