package io.pipeline.task.k8s;

import io.pipeline.task.PermanentFailure;

/**
 * Why a Kubernetes Job try failed, named by {@link Reason} at the start of the message (the try's failure reason
 * reads e.g. {@code OOMKilled: container main of pod ... was killed for using more memory than its limit 256Mi}).
 * Reasons that another try cannot cure are {@link PermanentFailure}s and are not retried.
 */
public class KubernetesJobException extends RuntimeException {

    public enum Reason {
        MISSING_CREDENTIALS("MissingCredentials", true),
        API_UNREACHABLE("ApiServerUnreachable", false),
        REJECTED("Rejected", true),
        IMAGE_NOT_FOUND("ImageNotFound", true),
        IMAGE_PULL_FAILED("ImagePullFailed", false),
        CONTAINER_CONFIG_ERROR("ContainerConfigError", false),
        OOM_KILLED("OOMKilled", false),
        EVICTED("Evicted", false),
        EXIT_CODE("NonZeroExit", false),
        STARTUP_TIMEOUT("StartupTimeout", false),
        JOB_FAILED("JobFailed", false),
        JOB_VANISHED("JobVanished", false);

        private final String label;
        private final boolean permanent;

        Reason(String label, boolean permanent) {
            this.label = label;
            this.permanent = permanent;
        }

        public String label() {
            return label;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    private final Reason reason;

    KubernetesJobException(Reason reason, String message, Throwable cause) {
        super(reason.label() + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static KubernetesJobException of(Reason reason, String message) {
        return of(reason, message, null);
    }

    static KubernetesJobException of(Reason reason, String message, Throwable cause) {
        return reason.permanent() ? new Permanent(reason, message, cause)
                : new KubernetesJobException(reason, message, cause);
    }

    /** A failure that fails the task instance without another try. */
    static final class Permanent extends KubernetesJobException implements PermanentFailure {
        Permanent(Reason reason, String message, Throwable cause) {
            super(reason, message, cause);
        }
    }
}
