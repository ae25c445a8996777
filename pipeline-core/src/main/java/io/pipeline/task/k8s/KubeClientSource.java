package io.pipeline.task.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pipeline.task.TaskContext;

import java.nio.file.Path;

/** Where a {@link KubernetesJob} gets its client from; the client is closed when the try ends. */
@FunctionalInterface
public interface KubeClientSource {

    KubernetesClient open(TaskContext ctx);

    /**
     * fabric8's auto-configuration: {@code KUBECONFIG} or {@code ~/.kube/config}, else the in-cluster service
     * account. Fails with {@code MissingCredentials} when there is neither.
     */
    static KubeClientSource auto() {
        return ctx -> KubeClients.auto(KubeClients.Environment.system());
    }

    /** A kube-config file, with its current context or the one named (null for the current one). */
    static KubeClientSource kubeConfig(Path file, String context) {
        return ctx -> KubeClients.kubeConfig(file, context);
    }

    /**
     * A connection {@code PIPELINE_CONN_<ID>}: {@code kubernetes://:TOKEN@api.host:6443?namespace=batch} or
     * {@code kubernetes://?kube_config=/path&context=prod}; see {@link KubeClients}.
     */
    static KubeClientSource connection(String connectionId) {
        return ctx -> KubeClients.connection(ctx.resource(io.pipeline.connect.ConnectionRegistry.class)
                .get(connectionId));
    }
}
