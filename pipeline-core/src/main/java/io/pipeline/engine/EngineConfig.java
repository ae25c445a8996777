package io.pipeline.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one node's engine. Build with {@link #defaults(String)} and the {@code with...} methods.
 *
 * @param nodeId              this node's id (unique among nodes sharing the database)
 * @param scheduler           runs the scheduler loop and Quartz on this node
 * @param worker              claims and runs task instances on this node
 * @param queues              the worker queues this node serves
 * @param workerConcurrency   task instances run at once on this node
 * @param claimBatchSize      at most this many TIs claimed by one claim statement
 * @param completionBatchSize at most this many finished tries written in one transaction (group commit)
 * @param schedulerInterval   pause between two scheduler passes
 * @param claimPollInterval   the claim loop polls at least this often even without a wake-up
 * @param heartbeatInterval   how often running TIs and the node row heartbeat (and running logs are flushed)
 * @param zombieThreshold     a running TI whose heartbeat is older than this is failed with reason "node lost"
 * @param pausedAtCreation    whether a DAG seen for the first time starts paused
 * @param quartz              whether Quartz fires run creation (off: only the scheduler loop's fallback step)
 * @param notifyChannel       PostgreSQL LISTEN/NOTIFY channel that wakes the workers of every node
 * @param triggerer           runs the triggerer on this node: it holds deferred waits and wakes their task instances
 *                            (a node's heartbeat is its lease on them; see docs/decisions/deferrable-waits.md)
 * @param synchronousCommit   false: the hot-path transactions (claim, finished tries) commit without waiting for
 *                            the WAL flush (PostgreSQL {@code synchronous_commit = off}; fsync stays on). A crash of
 *                            PostgreSQL itself may then lose the last fraction of a second of those commits, whose
 *                            tries are re-run; the database stays consistent. See docs/decisions/engine-claim-and-hop.md
 */
public record EngineConfig(
        String nodeId,
        boolean scheduler,
        boolean worker,
        List<String> queues,
        int workerConcurrency,
        int claimBatchSize,
        int completionBatchSize,
        Duration schedulerInterval,
        Duration claimPollInterval,
        Duration heartbeatInterval,
        Duration zombieThreshold,
        boolean pausedAtCreation,
        boolean quartz,
        String notifyChannel,
        boolean synchronousCommit,
        boolean triggerer) {

    /** Without the triggerer flag: a node runs the triggerer. */
    public EngineConfig(String nodeId, boolean scheduler, boolean worker, List<String> queues, int workerConcurrency,
                        int claimBatchSize, int completionBatchSize, Duration schedulerInterval,
                        Duration claimPollInterval, Duration heartbeatInterval, Duration zombieThreshold,
                        boolean pausedAtCreation, boolean quartz, String notifyChannel, boolean synchronousCommit) {
        this(nodeId, scheduler, worker, queues, workerConcurrency, claimBatchSize, completionBatchSize,
                schedulerInterval, claimPollInterval, heartbeatInterval, zombieThreshold, pausedAtCreation, quartz,
                notifyChannel, synchronousCommit, true);
    }

    public EngineConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("node id is blank");
        }
        queues = List.copyOf(queues);
        if (worker && queues.isEmpty()) {
            throw new IllegalArgumentException("a worker node must serve at least one queue");
        }
        positive("workerConcurrency", workerConcurrency);
        positive("claimBatchSize", claimBatchSize);
        positive("completionBatchSize", completionBatchSize);
        positive("schedulerInterval", schedulerInterval);
        positive("claimPollInterval", claimPollInterval);
        positive("heartbeatInterval", heartbeatInterval);
        positive("zombieThreshold", zombieThreshold);
        if (zombieThreshold.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("zombieThreshold " + zombieThreshold
                    + " must be at least twice the heartbeatInterval " + heartbeatInterval);
        }
        if (notifyChannel == null || !notifyChannel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("notify channel must be a lower-case SQL identifier, got '" + notifyChannel + "'");
        }
    }

    /**
     * Scheduler, worker and triggerer on, queue {@code default}, 16 worker threads, heartbeat 5 s, zombie threshold
     * 60 s.
     */
    public static EngineConfig defaults(String nodeId) {
        return new EngineConfig(nodeId, true, true, List.of("default"), 16, 256, 512, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60), false, true, "pipeline_ti", false,
                true);
    }

    public EngineConfig withRoles(Set<String> roles) {
        return new EngineConfig(nodeId, roles.contains("scheduler"), roles.contains("worker"), queues,
                workerConcurrency, claimBatchSize, completionBatchSize, schedulerInterval, claimPollInterval,
                heartbeatInterval, zombieThreshold, pausedAtCreation, quartz, notifyChannel, synchronousCommit,
                roles.contains("triggerer"));
    }

    public EngineConfig withQueues(List<String> newQueues) {
        return new EngineConfig(nodeId, scheduler, worker, newQueues, workerConcurrency, claimBatchSize,
                completionBatchSize, schedulerInterval, claimPollInterval, heartbeatInterval, zombieThreshold,
                pausedAtCreation, quartz, notifyChannel, synchronousCommit, triggerer);
    }

    public EngineConfig withWorkerConcurrency(int n) {
        return new EngineConfig(nodeId, scheduler, worker, queues, n, claimBatchSize, completionBatchSize,
                schedulerInterval, claimPollInterval, heartbeatInterval, zombieThreshold, pausedAtCreation, quartz,
                notifyChannel, synchronousCommit, triggerer);
    }

    public EngineConfig withBatchSizes(int claim, int completion) {
        return new EngineConfig(nodeId, scheduler, worker, queues, workerConcurrency, claim, completion,
                schedulerInterval, claimPollInterval, heartbeatInterval, zombieThreshold, pausedAtCreation, quartz,
                notifyChannel, synchronousCommit, triggerer);
    }

    public EngineConfig withIntervals(Duration scheduler, Duration claimPoll, Duration heartbeat, Duration zombie) {
        return new EngineConfig(nodeId, this.scheduler, worker, queues, workerConcurrency, claimBatchSize,
                completionBatchSize, scheduler, claimPoll, heartbeat, zombie, pausedAtCreation, quartz, notifyChannel,
                synchronousCommit, triggerer);
    }

    public EngineConfig withPausedAtCreation(boolean paused) {
        return new EngineConfig(nodeId, scheduler, worker, queues, workerConcurrency, claimBatchSize,
                completionBatchSize, schedulerInterval, claimPollInterval, heartbeatInterval, zombieThreshold, paused,
                quartz, notifyChannel, synchronousCommit, triggerer);
    }

    public EngineConfig withQuartz(boolean on) {
        return new EngineConfig(nodeId, scheduler, worker, queues, workerConcurrency, claimBatchSize,
                completionBatchSize, schedulerInterval, claimPollInterval, heartbeatInterval, zombieThreshold,
                pausedAtCreation, on, notifyChannel, synchronousCommit, triggerer);
    }

    public EngineConfig withSynchronousCommit(boolean on) {
        return new EngineConfig(nodeId, scheduler, worker, queues, workerConcurrency, claimBatchSize,
                completionBatchSize, schedulerInterval, claimPollInterval, heartbeatInterval, zombieThreshold,
                pausedAtCreation, quartz, notifyChannel, on, triggerer);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
