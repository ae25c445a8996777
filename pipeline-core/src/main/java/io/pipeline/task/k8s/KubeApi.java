package io.pipeline.task.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.util.function.Supplier;

import static io.pipeline.task.k8s.KubernetesJobException.Reason;

/**
 * One call to the API server, with its failure named: no answer (connection refused, timeout, 5xx) is
 * {@code ApiServerUnreachable} and retried; a refusal (400, 401, 403, 404, 409, 422) is {@code Rejected} and not.
 * An interrupted call (execution timeout, clear) is rethrown as it is.
 */
final class KubeApi {

    private final KubernetesClient client;

    KubeApi(KubernetesClient client) {
        this.client = client;
    }

    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (Thread.currentThread().isInterrupted() || hasCause(e, InterruptedException.class)) {
                throw e;
            }
            String server = String.valueOf(client.getMasterUrl());
            int code = e.getCode();
            if (code >= 400 && code < 500) {
                String status = e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage() : e.getMessage();
                throw KubernetesJobException.of(Reason.REJECTED, "API server " + server + " refused " + what
                        + " (HTTP " + code + "): " + status, e);
            }
            if (code >= 500 || hasCause(e, IOException.class) || code <= 0) {
                throw KubernetesJobException.of(Reason.API_UNREACHABLE, "API server " + server
                        + " did not answer while " + what + ": " + rootMessage(e), e);
            }
            throw e;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
