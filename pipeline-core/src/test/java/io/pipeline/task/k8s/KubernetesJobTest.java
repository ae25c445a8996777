package io.pipeline.task.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.task.PermanentFailure;
import io.pipeline.task.io.TestTaskContext;
import io.pipeline.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
/** The task against the fabric8 mock API server, run directly in a test context (one try, no engine). */
class KubernetesJobTest {

    static final FakeCluster CLUSTER = new FakeCluster();
    ExecutorService kubelet;

    static final JobSpec SPEC = JobSpec.image("registry.example/backtest:1.4").namespace(FakeCluster.NS)
            .command("java", "-jar", "/app/backtest.jar").args("--strategy", "momentum")
            .env("MODE", "replay").envFromSecret("DB_PASSWORD", "marketdata-db", "password")
            .requests("500m", "512Mi").limits("1", "1Gi").serviceAccount("backtest")
            .nodeSelector("pool", "batch").label("team", "quant").pollInterval(Duration.ofMillis(20)).build();

    @AfterAll
    static void stop() {
        CLUSTER.close();
    }

    @BeforeEach
    void empty() {
        CLUSTER.clear();
        kubelet = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stopKubelet() {
        kubelet.shutdownNow();
    }

    static TestTaskContext context() {
        return TestTaskContext.create().dag("backtest").task("run_strategy").run("manual__2026-03-02T12:00:00+00:00")
                .tryNumber(2);
    }

    @Test
    void runs_the_job_to_completion_and_copies_the_pod_log() throws Exception {
        Future<Job> node = kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(10));
            int polls = CLUSTER.podPolls();
            Pod pod = CLUSTER.schedule(job);
            CLUSTER.awaitPodPollsAfter(polls, Duration.ofSeconds(10)); // the task has seen the pod pending
            pod = CLUSTER.run(pod, "loaded 390 bars\nsharpe 1.42\n");
            CLUSTER.exit(job, pod, 0, "Completed");
            return job;
        });
        TestTaskContext ctx = context();

        Object out = KubernetesJob.of(SPEC).withClient(CLUSTER.source()).execute(ctx);

        Job job = node.get(10, TimeUnit.SECONDS);
        String name = job.getMetadata().getName();
        assertThat(out).isEqualTo(Map.of("namespace", FakeCluster.NS, "job", name, "pod", name + "-x7k2p"));
        assertThat(ctx.recorded().text()).contains("created job " + name, "[" + name + "-x7k2p] loaded 390 bars",
                "sharpe 1.42", "job " + name + " succeeded", "deleted job " + name);
        assertThat(CLUSTER.jobs()).as("the job is deleted when the try ends").isEmpty();
    }

    @Test
    void the_job_carries_the_spec_the_try_labels_and_no_retries_of_its_own() throws Exception {
        Future<Job> node = kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(10));
            CLUSTER.exit(job, CLUSTER.run(CLUSTER.schedule(job), "ok\n"), 0, "Completed");
            return job;
        });
        KubernetesJob.of(SPEC).withClient(CLUSTER.source()).execute(context());
        Job job = node.get(10, TimeUnit.SECONDS);

        assertThat(job.getMetadata().getLabels()).containsEntry("pipeline.io/dag", "backtest")
                .containsEntry("pipeline.io/task", "run_strategy").containsEntry("pipeline.io/map-index", "-1")
                .containsEntry("pipeline.io/try", "2").containsEntry("team", "quant");
        assertThat(job.getMetadata().getLabels().get("pipeline.io/run"))
                .matches("manual__2026-03-02T12_00_00_00_00-[0-9a-f]{9}");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry("pipeline.io/run-id", "manual__2026-03-02T12:00:00+00:00");
        assertThat(job.getMetadata().getName()).matches("run-strategy-[0-9a-f]{10}");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo("backtest");
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("pool", "batch"));
        var c = pod.getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("registry.example/backtest:1.4");
        assertThat(c.getCommand()).containsExactly("java", "-jar", "/app/backtest.jar");
        assertThat(c.getArgs()).containsExactly("--strategy", "momentum");
        assertThat(c.getEnv().get(0).getValue()).isEqualTo("replay");
        assertThat(c.getEnv().get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("marketdata-db");
        assertThat(c.getEnv().get(1).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("512Mi");
        assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo("1");
    }

    @Test
    void an_evicted_pod_fails_the_try_saying_so() throws Exception {
        kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(10));
            Pod pod = CLUSTER.run(CLUSTER.schedule(job), "started\n");
            return CLUSTER.evict(pod, "The node was low on resource: memory.");
        });
        assertThatThrownBy(() -> KubernetesJob.of(SPEC).withClient(CLUSTER.source()).execute(context()))
                .isInstanceOf(KubernetesJobException.class).isNotInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("Evicted: pod ").hasMessageContaining("low on resource: memory");
        assertThat(CLUSTER.jobs()).isEmpty();
    }

    @Test
    void a_pull_error_other_than_a_missing_image_is_retried() throws Exception {
        kubelet.submit(() -> CLUSTER.waiting(CLUSTER.schedule(CLUSTER.awaitJob(Duration.ofSeconds(10))),
                "ImagePullBackOff", "Back-off pulling image: 401 Unauthorized"));
        assertThatThrownBy(() -> KubernetesJob.of(SPEC).withClient(CLUSTER.source()).execute(context()))
                .isInstanceOf(KubernetesJobException.class).isNotInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("ImagePullFailed: image 'registry.example/backtest:1.4' of pod ")
                .hasMessageContaining("401 Unauthorized");
        assertThat(CLUSTER.jobs()).isEmpty();
    }

    @Test
    void a_pod_that_never_starts_fails_after_the_startup_timeout_with_the_reason() throws Exception {
        var clock = io.pipeline.testing.SettableClock.at("2026-03-02T12:00:00Z");
        kubelet.submit(() -> CLUSTER.schedule(CLUSTER.awaitJob(Duration.ofSeconds(10))));
        JobSpec slow = SPEC.toBuilder().startupTimeout(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(30))
                .build();
        var task = KubernetesJob.of(slow).withClient(CLUSTER.source()).withSleeper(d -> {
            Await.until(Duration.ofSeconds(10), "the pod to be created", () -> !CLUSTER.pods().isEmpty());
            clock.advance(d);
        });
        assertThatThrownBy(() -> task.execute(context().clock(clock)))
                .hasMessageStartingWith("StartupTimeout: the pod of job ")
                .hasMessageContaining("within PT5M");
        assertThat(CLUSTER.jobs()).isEmpty();
    }

    @Test
    void a_missing_kube_config_is_named_and_creates_nothing() {
        int before = CLUSTER.createdJobs.size();
        var task = KubernetesJob.of(SPEC).withClient(KubeClientSource.kubeConfig(Path.of("/nonexistent/kube"), null));
        assertThatThrownBy(() -> task.execute(context())).isInstanceOf(PermanentFailure.class)
                .hasMessage("MissingCredentials: kube-config file /nonexistent/kube does not exist");
        assertThat(CLUSTER.createdJobs).hasSize(before);
    }

    @Test
    void no_kube_config_and_no_service_account_is_named() {
        var env = new KubeClients.Environment(List.of("/nonexistent/.kube/config"),
                Path.of("/nonexistent/token"), null);
        assertThatThrownBy(() -> KubeClients.auto(env)).isInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("MissingCredentials: no kube-config (looked at /nonexistent/.kube/config");
    }

    @Test
    void a_connection_without_a_token_is_named() {
        var ctx = context().with(ConnectionRegistry.class,
                new ConnectionRegistry(Map.of("PIPELINE_CONN_K8S", "kubernetes://api.cluster.example:6443")));
        assertThatThrownBy(() -> KubernetesJob.of(SPEC).withConnection("k8s").execute(ctx))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("MissingCredentials: connection 'k8s' has no token");
    }

    @Test
    void an_api_server_that_does_not_answer_is_named_and_retried() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var ctx = context().with(ConnectionRegistry.class, new ConnectionRegistry(Map.of("PIPELINE_CONN_K8S",
                "kubernetes://:secret-token@127.0.0.1:" + port + "?tls=false&request_retries=0")));
        assertThatThrownBy(() -> KubernetesJob.of(SPEC).withConnection("k8s").execute(ctx))
                .isInstanceOf(KubernetesJobException.class).isNotInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("ApiServerUnreachable: API server http://127.0.0.1:" + port)
                .hasMessageNotContaining("secret-token");
    }

    @Test
    void the_connection_reaches_the_api_server_with_its_token_and_namespace() throws Exception {
        var url = java.net.URI.create(CLUSTER.client.getMasterUrl().toString());
        var ctx = context().with(ConnectionRegistry.class, new ConnectionRegistry(Map.of("PIPELINE_CONN_K8S",
                "kubernetes://:t0ken@" + url.getHost() + ":" + url.getPort() + "?tls=false&namespace=" + FakeCluster.NS)));
        kubelet.submit(() -> {
            Job job = CLUSTER.awaitJob(Duration.ofSeconds(10));
            return CLUSTER.exit(job, CLUSTER.run(CLUSTER.schedule(job), "via connection\n"), 0, "Completed");
        });
        JobSpec noNamespace = SPEC.toBuilder().namespace(null).build();
        Object out = KubernetesJob.of(noNamespace).withConnection("k8s").execute(ctx);
        assertThat(out).asString().contains("namespace=" + FakeCluster.NS);
        assertThat(ctx.recorded().text()).contains("via connection");
    }

    @Test
    void a_bad_spec_is_refused_naming_the_field() {
        assertThatThrownBy(() -> JobSpec.image("x").namespace("Quant_Team").build())
                .hasMessageContaining("namespace 'Quant_Team' is not a valid Kubernetes name");
        assertThatThrownBy(() -> JobSpec.image("x").limits("1", "2 GB").build())
                .hasMessageContaining("limits memory: '2 GB' is not a Kubernetes quantity");
        assertThatThrownBy(() -> JobSpec.image("x").label("pipeline.io/dag", "y").build())
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> JobSpec.image(" ").build()).hasMessageContaining("image is empty");
    }
}
