package io.pipeline.task.k8s;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.pipeline.testing.Await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fabric8 mock API server in CRUD mode, plus what a kubelet and the Job controller would do, driven by the
 * test: {@link #awaitJob} waits for a Job the task created, {@link #schedule} creates its pod, and the pod is moved
 * through its phases ({@link #run}, {@link #exit}, {@link #waiting}, {@link #oomKilled}, {@link #evict}) by
 * writing pod and Job status as those components would. Pod logs are served from what {@link #run} was given;
 * Job creations are counted.
 */
public final class FakeCluster implements AutoCloseable {

    public static final String NS = "batch";
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");
    private static final Pattern JOBS = Pattern.compile("/apis/batch/v1/namespaces/([^/]+)/jobs(\\?.*)?");

    public final KubernetesMockServer server;
    public final KubernetesClient client;
    public final List<String> createdJobs = new CopyOnWriteArrayList<>();
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    private final Set<String> handed = ConcurrentHashMap.newKeySet();
    /** How often the task under test has listed a Job's pods (only the task asks by the job-name label). */
    private final java.util.concurrent.atomic.AtomicInteger podPolls = new java.util.concurrent.atomic.AtomicInteger();
    private long changes;

    public FakeCluster() {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Matcher log = LOG.matcher(request.getPath());
                if (log.matches() && "GET".equals(request.getMethod())) {
                    String text = logs.get(log.group(2));
                    return text == null
                            ? new MockResponse().setResponseCode(400).setBody("container \"main\" is waiting to start")
                            : new MockResponse().setResponseCode(200).setBody(text);
                }
                if ("GET".equals(request.getMethod()) && request.getPath().contains("/pods?labelSelector=job-name")) {
                    podPolls.incrementAndGet();
                }
                MockResponse response = crud.dispatch(request);
                if (JOBS.matcher(request.getPath()).matches() && "POST".equals(request.getMethod())
                        && response.code() == 201) {
                    createdJobs.add(request.getPath());
                }
                return response;
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
    }

    public KubeClientSource source() {
        return ctx -> server.createClient();
    }

    /** Deletes every Job and pod (between tests). */
    public void clear() {
        client.batch().v1().jobs().inNamespace(NS).delete();
        client.pods().inNamespace(NS).delete();
    }

    public List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems();
    }

    /** Waits for a Job not handed out before (the Job controller noticing it). */
    public Job awaitJob(Duration timeout) {
        java.util.concurrent.atomic.AtomicReference<Job> found = new java.util.concurrent.atomic.AtomicReference<>();
        Await.until(timeout, "a new job in namespace " + NS, () -> jobs().stream()
                .filter(j -> handed.add(j.getMetadata().getUid())).findFirst().map(j -> {
                    found.set(j);
                    return true;
                }).orElse(false));
        return found.get();
    }

    public List<Pod> pods() {
        return client.pods().inNamespace(NS).list().getItems();
    }

    public int podPolls() {
        return podPolls.get();
    }

    /** Waits until the task has listed a Job's pods more than {@code seen} times (it has looked at the pod). */
    public void awaitPodPollsAfter(int seen, Duration timeout) {
        Await.until(timeout, "the task to poll the pod", () -> podPolls.get() > seen);
    }

    /**
     * A poll interval's wait for a task under test: returns as soon as the test moves a pod or Job on, at the latest
     * after {@code max}.
     */
    public synchronized void awaitChange(Duration max) throws InterruptedException {
        long seen = changes;
        long deadline = System.nanoTime() + max.toNanos();
        long left;
        while (changes == seen && (left = deadline - System.nanoTime()) > 0) {
            wait(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    private synchronized void changed() {
        changes++;
        notifyAll();
    }

    /** The Job controller creates the pod; it is Pending with its container being created. */
    public Pod schedule(Job job) {
        Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("job-name", job.getMetadata().getName());
        Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-x7k2p")
                .withNamespace(NS).withLabels(labels).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).build();
        client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete(); // the mock has no garbage collector
        client.pods().inNamespace(NS).resource(pod).create();
        return status(pod, "Pending", new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating")
                .endWaiting().build());
    }

    /** The container starts and writes {@code log}. */
    public Pod run(Pod pod, String log) {
        logs.put(pod.getMetadata().getName(), log);
        return status(pod, "Running", new ContainerStateBuilder().withNewRunning().withStartedAt(now()).endRunning()
                .build());
    }

    /** The container ends with {@code exitCode}; the Job controller marks the Job complete or failed. */
    public Pod exit(Job job, Pod pod, int exitCode, String reason) {
        Pod ended = status(pod, exitCode == 0 ? "Succeeded" : "Failed", new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exitCode).withReason(reason).withFinishedAt(now()).endTerminated().build());
        jobDone(job, exitCode == 0);
        return ended;
    }

    public Pod oomKilled(Job job, Pod pod) {
        Pod ended = status(pod, "Failed", new ContainerStateBuilder().withNewTerminated().withExitCode(137)
                .withReason("OOMKilled").endTerminated().build());
        jobDone(job, false);
        return ended;
    }

    /** The container cannot start (image pull errors, configuration errors). */
    public Pod waiting(Pod pod, String reason, String message) {
        return status(pod, "Pending", new ContainerStateBuilder().withNewWaiting().withReason(reason)
                .withMessage(message).endWaiting().build());
    }

    public Pod evict(Pod pod, String message) {
        PodStatus s = new PodStatusBuilder(pod.getStatus()).withPhase("Failed").withReason("Evicted")
                .withMessage(message).build();
        pod.setStatus(s);
        Pod updated = client.pods().inNamespace(NS).resource(pod).updateStatus();
        changed();
        return updated;
    }

    private Pod status(Pod pod, String phase, io.fabric8.kubernetes.api.model.ContainerState state) {
        pod.setStatus(new PodStatusBuilder().withPhase(phase).withContainerStatuses(new ContainerStatusBuilder()
                .withName(JobManifest.CONTAINER).withImage(pod.getSpec().getContainers().getFirst().getImage())
                .withState(state).build()).build());
        Pod updated = client.pods().inNamespace(NS).resource(pod).updateStatus();
        changed();
        return updated;
    }

    private void jobDone(Job job, boolean succeeded) {
        Job current = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
        current.setStatus(new JobStatusBuilder().withSucceeded(succeeded ? 1 : 0).withFailed(succeeded ? 0 : 1)
                .withConditions(new JobConditionBuilder().withType(succeeded ? "Complete" : "Failed")
                        .withStatus("True").withReason(succeeded ? null : "BackoffLimitExceeded")
                        .withMessage(succeeded ? null : "Job has reached the specified backoff limit").build())
                .build());
        client.batch().v1().jobs().inNamespace(NS).resource(current).updateStatus();
        changed();
    }

    private static String now() {
        return Instant.now().toString();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
