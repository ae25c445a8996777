package io.pipeline.task.emr;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.task.ExternalResource;
import io.pipeline.task.PokeResult;
import io.pipeline.task.ReleaseContext;
import io.pipeline.task.Sensor;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.TaskContext;
import io.pipeline.task.TaskHandle;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterStateChangeReasonCode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs steps on an EMR cluster created for the try and gone when they are done. Use in reschedule mode
 * ({@link #waiting()}), so that no worker is held while the cluster runs. The first poke creates the cluster
 * (tagged with the try's identity) and keeps its id in the task instance's handle; each later poke logs the
 * cluster's and the steps' states with a console link; the try succeeds when every step completed, and fails with
 * the step's reason (the cluster terminated) when a step fails or the cluster ends with errors. A new try (after a
 * node was lost) reattaches to the cluster of the previous one while it is alive and carries this TI's tags,
 * instead of creating a second cluster. Clear, mark, final failure and timeouts terminate the cluster through the
 * engine ({@link ExternalResource}).
 */
public final class EmrJobFlow implements Sensor, ExternalResource {
    static final String CLUSTER_ID = "cluster_id";

    private final String connectionId;
    private final EmrClusterSpec spec;
    private final Function<TaskContext, EmrClusterSpec> specPerTry;

    private EmrJobFlow(String connectionId, EmrClusterSpec spec, Function<TaskContext, EmrClusterSpec> specPerTry) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        this.spec = spec;
        this.specPerTry = Objects.requireNonNull(specPerTry, "spec");
    }

    /** A job flow on the EMR (or {@code aws}) connection {@code connectionId}. */
    public static EmrJobFlow create(String connectionId, EmrClusterSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new EmrJobFlow(connectionId, spec, ctx -> spec);
    }

    /**
     * A job flow whose cluster is defined when a try creates it, from what only the run knows (e.g. the object
     * store's location of its input); a try that reattaches does not call it.
     */
    public static EmrJobFlow create(String connectionId, Function<TaskContext, EmrClusterSpec> specPerTry) {
        return new EmrJobFlow(connectionId, null, specPerTry);
    }

    /** Reschedule mode: poke every minute, give up after 12 hours. */
    public static SensorSpec waiting() {
        return waiting(Duration.ofMinutes(1), Duration.ofHours(12));
    }

    public static SensorSpec waiting(Duration pokeInterval, Duration timeout) {
        return SensorSpec.reschedule(pokeInterval, timeout);
    }

    @Override
    public PokeResult poke(TaskContext ctx) {
        try (EmrApi emr = EmrApi.open(ctx.resource(ConnectionRegistry.class), connectionId)) {
            TaskHandle handle = ctx.handle();
            Optional<String> known = handle.get(CLUSTER_ID);
            String clusterId = known.isEmpty() ? null
                    : handle.tryNumber() == ctx.tryNumber() ? known.get() : reattach(ctx, emr, handle, known.get());
            if (clusterId == null) {
                EmrClusterSpec spec = Objects.requireNonNull(specPerTry.apply(ctx), "EMR cluster definition");
                var request = spec.toRequest(ctx, EmrTags.identity(ctx));
                clusterId = emr.runJobFlow(request);
                handle.put(CLUSTER_ID, clusterId);
                ctx.log().info("created cluster {} ({}, release {}); {}", clusterId, request.name(),
                        spec.releaseLabel(), emr.consoleLink(clusterId));
                return PokeResult.notYet();
            }
            return follow(ctx, emr, clusterId);
        }
    }

    /** The previous try's cluster, if it is ours and still worth following; else null (a new one is created). */
    private String reattach(TaskContext ctx, EmrApi emr, TaskHandle handle, String clusterId) {
        Optional<Cluster> found = emr.find(clusterId);
        if (found.isEmpty()) {
            ctx.log().info("cluster {} of try {} is unknown to EMR; creating a new cluster", clusterId,
                    handle.tryNumber());
            return null;
        }
        Cluster c = found.get();
        if (!EmrTags.matches(c, ctx.dagId(), ctx.runId(), ctx.taskId(), ctx.mapIndex())) {
            ctx.log().warn("cluster {} does not carry the tags of {}.{} in {}; not following it", clusterId,
                    ctx.dagId(), ctx.taskId(), ctx.runId());
            return null;
        }
        if (!EmrStatus.isAlive(c) && !finishedItsSteps(c)) {
            ctx.log().info("cluster {} of try {} is {}; creating a new cluster", clusterId, handle.tryNumber(),
                    c.status().stateAsString());
            return null;
        }
        handle.put(CLUSTER_ID, clusterId);
        ctx.log().info("reattached to cluster {} created by try {} ({}); {}", clusterId,
                EmrTags.tryOf(c).orElse("?"), c.status().stateAsString(), emr.consoleLink(clusterId));
        return clusterId;
    }

    private static boolean finishedItsSteps(Cluster c) {
        return c.status().state() == ClusterState.TERMINATED && c.status().stateChangeReason() != null
                && c.status().stateChangeReason().code() == ClusterStateChangeReasonCode.ALL_STEPS_COMPLETED;
    }

    private PokeResult follow(TaskContext ctx, EmrApi emr, String clusterId) {
        EmrStatus status = EmrStatus.of(emr.describe(clusterId), emr.steps(clusterId));
        ctx.log().info("{}; {}", status.describe(), emr.consoleLink(clusterId));
        return switch (status.verdict()) {
            case RUNNING -> PokeResult.notYet();
            case SUCCEEDED -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(CLUSTER_ID, clusterId);
                out.put("steps", status.stepStates());
                yield PokeResult.met(out);
            }
            case FAILED -> {
                if (status.alive()) {
                    emr.terminate(clusterId);
                    ctx.log().info("terminated cluster {}", clusterId);
                }
                throw new EmrStepFailedException(status.failure());
            }
        };
    }

    @Override
    public void release(ReleaseContext ctx, Map<String, String> handle, String reason) {
        String clusterId = handle.get(CLUSTER_ID);
        if (clusterId == null) {
            return;
        }
        try (EmrApi emr = EmrApi.open(ctx.resource(ConnectionRegistry.class), connectionId)) {
            Optional<Cluster> found = emr.find(clusterId);
            if (found.isEmpty() || !EmrStatus.isAlive(found.get())) {
                ctx.log().info("cluster {} is already {}", clusterId,
                        found.map(c -> c.status().stateAsString()).orElse("unknown to EMR"));
                return;
            }
            if (!EmrTags.matches(found.get(), ctx.dagId(), ctx.runId(), ctx.taskId(), ctx.mapIndex())) {
                ctx.log().warn("cluster {} does not carry the tags of this task instance; left alone", clusterId);
                return;
            }
            emr.terminate(clusterId);
            ctx.log().info("terminated cluster {} ({}); {}", clusterId, reason, emr.consoleLink(clusterId));
        }
    }

    /** The cluster definition; empty when it is made per try. */
    public Optional<EmrClusterSpec> spec() {
        return Optional.ofNullable(spec);
    }
}
