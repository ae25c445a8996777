package io.pipeline.task.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.engine.TryOutcome;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.task.io.Sleeper;
import io.pipeline.testing.Await;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KubernetesJob tries run by the real engine (test driver, real PostgreSQL) against the fabric8 mock API server,
 * with the test playing kubelet: try logs, retries and states are the engine's own.
 */
@Timeout(60)
class KubernetesJobEngineTest {

    static DataSource ds;
    static final FakeCluster CLUSTER = new FakeCluster();
    static final JobSpec SPEC = JobSpec.image("registry.example/backtest:1.4").namespace(FakeCluster.NS)
            .args("--strategy", "momentum").limits("1", "256Mi").pollInterval(Duration.ofMillis(20)).build();
    ExecutorService kubelet;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(KubernetesJobEngineTest.class);
    }

    @AfterAll
    static void stop() {
        CLUSTER.close();
    }

    @BeforeEach
    void start() {
        CLUSTER.clear();
        kubelet = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopKubelet() {
        kubelet.shutdownNow();
    }

    static Dag dag(String id, UnaryOperator<io.pipeline.dag.TaskRef> settings) {
        return dag(id, KubernetesJob.of(SPEC).withClient(CLUSTER.source()), settings);
    }

    static Dag dag(String id, KubernetesJob task, UnaryOperator<io.pipeline.dag.TaskRef> settings) {
        return DagBuilder.dag(id).tasks(g -> settings.apply(g.task("backtest", task))).build();
    }

    EngineTestDriver driver(Dag dag) {
        return EngineTestDriver.create(ds, SettableClock.at("2026-03-02T12:00:00Z"), dag);
    }

    @Test
    void a_successful_job_puts_the_pod_log_into_the_try_log_and_is_deleted() throws Exception {
        EngineTestDriver d = driver(dag("k8s_ok", t -> t));
        Future<Job> node = kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(20));
            Pod pod = CLUSTER.run(CLUSTER.schedule(job), "loaded 390 bars\nsharpe 1.42\n");
            CLUSTER.exit(job, pod, 0, "Completed");
            return job;
        });
        DagRunRow run = d.trigger("k8s_ok");

        d.settle();

        String name = node.get(10, TimeUnit.SECONDS).getMetadata().getName();
        assertThat(d.state(run, "backtest")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.log(run, "backtest", -1, 1)).contains("created job " + name, "sharpe 1.42",
                "job " + name + " succeeded", "deleted job " + name);
        assertThat(CLUSTER.jobs()).isEmpty();
    }

    @Test
    void a_non_zero_exit_fails_the_try_with_the_code_and_is_retried() throws Exception {
        EngineTestDriver d = driver(dag("k8s_exit", t -> t.retries(1).retryDelay(Duration.ofMinutes(1))));
        kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(20));
            return CLUSTER.exit(job, CLUSTER.run(CLUSTER.schedule(job), "no bars for 2026-03-02\n"), 3, "Error");
        });
        DagRunRow run = d.trigger("k8s_exit");

        d.settle();

        TaskInstanceRow ti = d.ti(run, "backtest", -1);
        assertThat(ti.state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(ti.failureReason()).contains("NonZeroExit: container main of pod ").contains("exited with code 3");
        assertThat(d.log(run, "backtest", -1, 1)).contains("no bars for 2026-03-02", "deleted job");
        assertThat(CLUSTER.jobs()).isEmpty();
    }

    @Test
    void an_image_that_does_not_exist_fails_without_retrying() throws Exception {
        EngineTestDriver d = driver(dag("k8s_pull", t -> t.retries(3)));
        kubelet.submit(() -> CLUSTER.waiting(CLUSTER.schedule(CLUSTER.awaitJob(Duration.ofSeconds(20))),
                "ErrImagePull", "rpc error: code = NotFound desc = failed to pull and unpack image "
                        + "\"registry.example/backtest:1.4\": not found"));
        DagRunRow run = d.trigger("k8s_pull");

        d.settle();

        TaskInstanceRow ti = d.ti(run, "backtest", -1);
        assertThat(ti.state()).as("another try cannot pull a missing image").isEqualTo(TaskState.FAILED);
        assertThat(ti.failureReason()).contains("ImageNotFound: image 'registry.example/backtest:1.4'")
                .contains("ErrImagePull");
        assertThat(CLUSTER.jobs()).isEmpty();
    }

    @Test
    void an_oom_killed_container_is_reported_with_its_memory_limit() throws Exception {
        EngineTestDriver d = driver(dag("k8s_oom", t -> t));
        kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(20));
            return CLUSTER.oomKilled(job, CLUSTER.run(CLUSTER.schedule(job), "loading 10 years of ticks\n"));
        });
        DagRunRow run = d.trigger("k8s_oom");

        d.settle();

        TaskInstanceRow ti = d.ti(run, "backtest", -1);
        assertThat(ti.state()).isEqualTo(TaskState.FAILED);
        assertThat(ti.failureReason()).contains("OOMKilled: container main of pod")
                .contains("more memory than its limit 256Mi").contains("exit code 137");
        assertThat(CLUSTER.jobs()).isEmpty();
    }

    @Test
    void an_execution_timeout_deletes_the_running_job() throws Exception {
        EngineTestDriver d = driver(dag("k8s_slow", t -> t.executionTimeout(Duration.ofSeconds(2))));
        Future<Job> node = kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(20));
            CLUSTER.run(CLUSTER.schedule(job), "working\n");
            return job;
        });
        DagRunRow run = d.trigger("k8s_slow");

        d.settle();

        String name = node.get(10, TimeUnit.SECONDS).getMetadata().getName();
        TaskInstanceRow ti = d.ti(run, "backtest", -1);
        assertThat(ti.state()).isEqualTo(TaskState.FAILED);
        assertThat(ti.failureReason()).contains("execution timeout");
        assertThat(d.log(run, "backtest", -1, 1)).contains("deleted job " + name);
        assertThat(CLUSTER.jobs()).as("the job does not outlive its timed-out try").isEmpty();
    }

    @Test
    void clearing_a_running_try_deletes_its_job() throws Exception {
        EngineTestDriver d = driver(dag("k8s_clear", t -> t));
        Operations ops = new Operations(d.parts().stores(), d.parts().tx(), d.parts().clock(), d.registry(), d.runs(),
                d.parts().recorder(), null);
        Future<Job> node = kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(20));
            CLUSTER.run(CLUSTER.schedule(job), "working\n");
            return job;
        });
        DagRunRow run = d.trigger("k8s_clear");
        d.tick();
        ClaimedTi claimed = d.claim(1).getFirst();
        Future<TryOutcome> body = kubelet.submit(() -> d.parts().runner().run(claimed));
        node.get(20, TimeUnit.SECONDS);

        ops.clear(ClearRequest.of("k8s_clear", TaskScope.ids("backtest"), RunScope.run(run.runId())),
                Actor.api("alice"));
        // As the node's heartbeat does, every beat interrupts the try again until it has ended: one interrupt
        // can land in a client call that swallows it.
        TryOutcome outcome = beatUntilDone(d, body, Duration.ofSeconds(30));
        assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
        assertThat(outcome.log()).contains("deleted job");
        assertThat(CLUSTER.jobs()).as("a cleared try leaves no job behind").isEmpty();
        d.parts().running().finished(claimed);
        assertThat(d.state(run, "backtest")).isEqualTo(TaskState.NONE);
    }

    private static TryOutcome beatUntilDone(EngineTestDriver d, Future<TryOutcome> body, Duration limit)
            throws Exception {
        var heartbeater = d.parts().newHeartbeater();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            heartbeater.beat();
            try {
                return body.get(250, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    @Test
    void a_try_after_a_node_loss_reattaches_to_the_running_job_instead_of_starting_a_second() throws Exception {
        CountDownLatch lostNode = new CountDownLatch(1);
        Sleeper sleeper = wait -> {
            if (Thread.currentThread().getName().startsWith("lost-node")) {
                lostNode.await(); // the node stops here: no more polls, no deletion
            } else {
                CLUSTER.awaitChange(wait);
            }
        };
        KubernetesJob task = KubernetesJob.of(SPEC).withClient(CLUSTER.source()).withSleeper(sleeper);
        EngineTestDriver d = driver(dag("k8s_reattach", task, t -> t.retries(1).retryDelay(Duration.ofSeconds(10))));
        DagRunRow run = d.trigger("k8s_reattach");
        int created = CLUSTER.createdJobs.size();
        d.tick();
        ClaimedTi first = d.claim(1).getFirst();
        Thread lost = Thread.ofPlatform().name("lost-node-worker").daemon().start(() -> d.parts().runner().run(first));
        Job job = CLUSTER.awaitJob(Duration.ofSeconds(20));
        Pod pod = CLUSTER.run(CLUSTER.schedule(job), "day 1 of 390\n");

        d.advance(Duration.ofSeconds(61));
        assertThat(d.parts().reaper().reap(d.now())).isEqualTo(1);
        d.advance(Duration.ofSeconds(10));
        Future<?> finish = kubelet.submit(() -> {
            Await.until(Duration.ofSeconds(20), "the second try to start",
                    () -> d.parts().running().executing().size() == 2);
            // the first try is parked for good: pod polls from now on are the second try's, past its reattach
            CLUSTER.awaitPodPollsAfter(CLUSTER.podPolls(), Duration.ofSeconds(20));
            return CLUSTER.exit(job, pod, 0, "Completed");
        });
        d.settle();
        finish.get(20, TimeUnit.SECONDS);

        assertThat(d.state(run, "backtest")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.log(run, "backtest", -1, 2)).contains("reattaching to job " + job.getMetadata().getName()
                + " in namespace batch, started by try 1 and still running", "day 1 of 390")
                .doesNotContain("created job");
        assertThat(CLUSTER.createdJobs.size() - created).as("one job for the task instance").isEqualTo(1);
        assertThat(CLUSTER.jobs()).isEmpty();
        lostNode.countDown();
        lost.join(10_000);
    }
}
