package io.pipeline.task.k8s;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static io.pipeline.task.k8s.KubernetesJobException.Reason;

/** Reads a pod's status as a kubelet reports it: has the container started, has it ended, and if it failed, why. */
final class PodDiagnosis {

    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull");
    private static final List<String> NOT_FOUND_WORDS = List.of("not found", "manifest unknown", "does not exist",
            "repository does not exist", "invalid reference format", "name unknown");

    private PodDiagnosis() {
    }

    /** The container is running or has run: its log can be read. */
    static boolean started(Pod pod) {
        return container(pod).map(ContainerStatus::getState)
                .map(s -> s.getRunning() != null || s.getTerminated() != null).orElse(false);
    }

    static boolean succeeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    /** Why the pod failed, or empty while it may still succeed. */
    static Optional<KubernetesJobException> failure(Pod pod) {
        String name = pod.getMetadata().getName();
        var status = pod.getStatus();
        if (status != null && "Evicted".equals(status.getReason())) {
            return Optional.of(KubernetesJobException.of(Reason.EVICTED, "pod " + name + " was evicted by its node: "
                    + nonNull(status.getMessage())));
        }
        Optional<ContainerState> state = container(pod).map(ContainerStatus::getState);
        ContainerStateWaiting waiting = state.map(ContainerState::getWaiting).orElse(null);
        if (waiting != null && PULL_FAILURES.contains(waiting.getReason())) {
            String message = nonNull(waiting.getMessage());
            String image = container(pod).map(ContainerStatus::getImage).orElse("?");
            boolean missing = "InvalidImageName".equals(waiting.getReason()) || NOT_FOUND_WORDS.stream()
                    .anyMatch(w -> message.toLowerCase(Locale.ROOT).contains(w));
            return Optional.of(KubernetesJobException.of(missing ? Reason.IMAGE_NOT_FOUND : Reason.IMAGE_PULL_FAILED,
                    "image '" + image + "' of pod " + name + " could not be pulled (" + waiting.getReason() + ": "
                            + message + ")"));
        }
        if (waiting != null && "CreateContainerConfigError".equals(waiting.getReason())) {
            return Optional.of(KubernetesJobException.of(Reason.CONTAINER_CONFIG_ERROR, "pod " + name
                    + " cannot start its container: " + nonNull(waiting.getMessage())));
        }
        ContainerStateTerminated ended = state.map(ContainerState::getTerminated).orElse(null);
        if (ended != null && "OOMKilled".equals(ended.getReason())) {
            return Optional.of(KubernetesJobException.of(Reason.OOM_KILLED, "container " + JobManifest.CONTAINER
                    + " of pod " + name + " was killed for using more memory than its limit" + memoryLimit(pod)
                    + " (exit code " + ended.getExitCode() + ")"));
        }
        if (ended != null && ended.getExitCode() != null && ended.getExitCode() != 0) {
            return Optional.of(KubernetesJobException.of(Reason.EXIT_CODE, "container " + JobManifest.CONTAINER
                    + " of pod " + name + " exited with code " + ended.getExitCode()
                    + (ended.getReason() == null ? "" : " (" + ended.getReason() + ")")
                    + (ended.getMessage() == null ? "" : ": " + ended.getMessage())));
        }
        if ("Failed".equals(phase(pod))) {
            return Optional.of(KubernetesJobException.of(Reason.JOB_FAILED, "pod " + name + " failed"
                    + (status.getReason() == null ? "" : " (" + status.getReason() + ")")
                    + (status.getMessage() == null ? "" : ": " + status.getMessage())));
        }
        return Optional.empty();
    }

    /** Why the pod has not started yet (waiting reason or an unschedulable condition), for a startup timeout. */
    static String notStartedBecause(Pod pod) {
        Optional<String> waiting = container(pod).map(ContainerStatus::getState).map(ContainerState::getWaiting)
                .map(w -> w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage()));
        if (waiting.isPresent()) {
            return waiting.get();
        }
        List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions();
        return conditions.stream().filter(c -> "False".equals(c.getStatus()) && c.getReason() != null)
                .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage())).findFirst()
                .orElse("phase " + phase(pod));
    }

    private static Optional<ContainerStatus> container(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> JobManifest.CONTAINER.equals(c.getName())).findFirst()
                .filter(c -> c.getState() != null);
    }

    private static String memoryLimit(Pod pod) {
        return pod.getSpec().getContainers().stream().filter(c -> JobManifest.CONTAINER.equals(c.getName()))
                .findFirst().map(c -> c.getResources() == null || c.getResources().getLimits() == null ? null
                        : c.getResources().getLimits().get("memory"))
                .map(q -> " " + q.toString()).orElse("");
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
