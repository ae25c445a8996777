package io.pipeline.task.k8s;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.pipeline.task.TaskContext;
import io.pipeline.task.io.Sleeper;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pipeline.task.k8s.KubernetesJobException.Reason;

/**
 * One try of a {@link KubernetesJob} in one namespace: reattach or create, follow by polling until the Job ends or
 * its pod fails, and delete the Job whatever happened (with background propagation, so that its pods go too).
 */
final class JobRun {

    private final KubernetesClient client;
    private final KubeApi api;
    private final String namespace;
    private final TaskContext ctx;
    private final Logger log;
    private final Sleeper sleeper;

    JobRun(KubernetesClient client, String namespace, TaskContext ctx, Sleeper sleeper) {
        this.client = client;
        this.api = new KubeApi(client);
        this.namespace = namespace;
        this.ctx = ctx;
        this.log = ctx.log();
        this.sleeper = sleeper;
    }

    Map<String, Object> run(JobSpec spec) throws InterruptedException {
        String name = reattach().orElse(null);
        if (name == null) {
            name = TryLabels.jobName(ctx);
            Job job = JobManifest.build(spec, name, namespace, TryLabels.tryLabels(ctx), TryLabels.annotations(ctx));
            api.call("creating job " + name + " in namespace " + namespace, () -> jobs().resource(job).create());
            log.info("created job {} in namespace {} (image {})", name, namespace, spec.image());
        }
        try {
            return follow(name, spec);
        } finally {
            delete(name);
        }
    }

    /** The name of a Job of this task instance still running from an earlier try; finished leftovers are deleted. */
    private Optional<String> reattach() {
        List<Job> found = api.call("listing the jobs of " + ctx.taskId() + " in namespace " + namespace,
                () -> jobs().withLabels(TryLabels.instance(ctx)).list().getItems());
        Optional<Job> active = found.stream().filter(j -> !finished(j))
                .max(Comparator.comparingInt(JobRun::tryOf));
        found.stream().filter(j -> active.isEmpty() || j != active.get()).forEach(j -> {
            log.info("deleting job {} left by try {}", j.getMetadata().getName(), tryOf(j));
            delete(j.getMetadata().getName());
        });
        active.ifPresent(j -> log.info("reattaching to job {} in namespace {}, started by try {} and still running",
                j.getMetadata().getName(), namespace, tryOf(j)));
        return active.map(j -> j.getMetadata().getName());
    }

    private Map<String, Object> follow(String name, JobSpec spec) throws InterruptedException {
        Instant started = ctx.clock().instant();
        PodLogStream logs = null;
        try {
            while (true) {
                Job job = api.call("reading job " + name, () -> jobs().withName(name).get());
                if (job == null) {
                    throw KubernetesJobException.of(Reason.JOB_VANISHED, "job " + name + " in namespace " + namespace
                            + " was deleted by someone else while the try followed it");
                }
                Pod pod = latestPod(name);
                if (pod != null && logs == null && PodDiagnosis.started(pod)) {
                    logs = PodLogStream.follow(client, namespace, pod.getMetadata().getName(), log);
                }
                if (condition(job, "Complete")) {
                    logs = drained(logs);
                    log.info("job {} succeeded", name);
                    return Map.of("namespace", namespace, "job", name, "pod",
                            pod == null ? "" : pod.getMetadata().getName());
                }
                Optional<KubernetesJobException> failure = pod == null ? Optional.empty() : PodDiagnosis.failure(pod);
                if (failure.isEmpty() && condition(job, "Failed")) {
                    failure = Optional.of(KubernetesJobException.of(Reason.JOB_FAILED, "job " + name + " failed: "
                            + conditionText(job, "Failed")));
                }
                if (failure.isPresent()) {
                    logs = drained(logs);
                    throw failure.get();
                }
                if (logs == null && !ctx.clock().instant().isBefore(started.plus(spec.startupTimeout()))) {
                    throw KubernetesJobException.of(Reason.STARTUP_TIMEOUT, "the pod of job " + name
                            + " did not start its container within " + spec.startupTimeout() + " ("
                            + (pod == null ? "no pod was created" : PodDiagnosis.notStartedBecause(pod)) + ")");
                }
                sleeper.sleep(spec.pollInterval());
            }
        } finally {
            drained(logs);
        }
    }

    private static PodLogStream drained(PodLogStream logs) {
        if (logs != null) {
            logs.close();
        }
        return null;
    }

    private Pod latestPod(String jobName) {
        List<Pod> pods = api.call("listing the pods of job " + jobName,
                () -> client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems());
        return pods.stream().max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .orElse(null);
    }

    /** Deletes the Job even when the thread was interrupted (timeout, clear); the interrupt is kept for the caller. */
    private void delete(String name) {
        boolean interrupted = Thread.interrupted();
        try {
            // background propagation: the API server removes the Job at once and its pods after; no waiting here
            // (a wait for the Job to vanish watches it, and a watch that misses the deletion waits out its timeout)
            jobs().withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            log.info("deleted job {} in namespace {}", name, namespace);
        } catch (RuntimeException e) {
            log.warn("could not delete job {} in namespace {}: {}", name, namespace, e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
        return client.batch().v1().jobs().inNamespace(namespace);
    }

    static boolean finished(Job job) {
        return condition(job, "Complete") || condition(job, "Failed");
    }

    private static boolean condition(Job job, String type) {
        return conditions(job).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String conditionText(Job job, String type) {
        return conditions(job).stream().filter(c -> type.equals(c.getType())).findFirst()
                .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage())).orElse("");
    }

    private static List<JobCondition> conditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
    }

    private static int tryOf(Job job) {
        String t = job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(TryLabels.TRY);
        try {
            return t == null ? 0 : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
