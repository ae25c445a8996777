package io.pipeline.task.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pipeline.task.Task;
import io.pipeline.task.TaskContext;
import io.pipeline.task.io.Sleeper;

import java.util.Objects;
import java.util.function.Function;

import static io.pipeline.task.k8s.KubernetesJobException.Reason.REJECTED;

/**
 * Runs a container image as a Kubernetes Job and holds the worker until it ends: creates the Job (or reattaches to
 * one an earlier try of the same task instance left running), follows it and its pod, copies the container's log
 * into the try's log, and fails the try naming the cause (image not found, OOM-killed, evicted, exit code, ...).
 * The Job is deleted when the try ends in any way, including an execution timeout or a clear (both interrupt the
 * worker thread). Its output is {@code {namespace, job, pod}}.
 *
 * <pre>{@code
 * g.task("backtest", KubernetesJob.of(JobSpec.image("registry/backtest:1.4").namespace("quant")
 *         .args("--session", "2026-03-02").limits("1", "2Gi").build()).withConnection("k8s"));
 * g.task("per_strategy", KubernetesJob.of(ctx -> base.toBuilder().args(ctx.mapItem(String.class)).build()))
 *         .expand(strategies);
 * }</pre>
 */
public final class KubernetesJob implements Task {

    private final Function<TaskContext, JobSpec> spec;
    private final KubeClientSource clients;
    private final Sleeper sleeper;

    private KubernetesJob(Function<TaskContext, JobSpec> spec, KubeClientSource clients, Sleeper sleeper) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** A fixed spec, with the client from fabric8's auto-configuration (kube-config or in-cluster). */
    public static KubernetesJob of(JobSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new KubernetesJob(ctx -> spec, KubeClientSource.auto(), Sleeper.REAL);
    }

    /** A spec made for each try from its context (params, the mapped item, the session...). */
    public static KubernetesJob of(Function<TaskContext, JobSpec> spec) {
        return new KubernetesJob(spec, KubeClientSource.auto(), Sleeper.REAL);
    }

    /** The client from connection {@code PIPELINE_CONN_<ID>} (see {@link KubeClients}). */
    public KubernetesJob withConnection(String connectionId) {
        return withClient(KubeClientSource.connection(connectionId));
    }

    public KubernetesJob withClient(KubeClientSource source) {
        return new KubernetesJob(spec, source, sleeper);
    }

    /** How the task waits between polls; tests step a clock instead of sleeping. */
    public KubernetesJob withSleeper(Sleeper waitWith) {
        return new KubernetesJob(spec, clients, waitWith);
    }

    /** The spec this task would run in the given context (what a DAG test checks). */
    public JobSpec specFor(TaskContext ctx) {
        try {
            return spec.apply(ctx);
        } catch (IllegalArgumentException e) {
            throw KubernetesJobException.of(REJECTED, "invalid job spec for " + ctx.dagId() + "." + ctx.taskId()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object execute(TaskContext ctx) throws Exception {
        JobSpec s = specFor(ctx);
        try (KubernetesClient client = clients.open(ctx)) {
            String namespace = s.namespace() != null ? s.namespace()
                    : client.getNamespace() != null ? client.getNamespace() : "default";
            return new JobRun(client, namespace, ctx, sleeper).run(s);
        }
    }
}
