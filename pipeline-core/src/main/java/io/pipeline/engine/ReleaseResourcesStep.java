package io.pipeline.engine;

import io.pipeline.retry.Backoff;
import io.pipeline.store.OutcomeRepository.LogAppend;
import io.pipeline.store.OutcomeRepository;
import io.pipeline.store.Stores;
import io.pipeline.store.TaskHandleRepository.HandleRow;
import io.pipeline.store.TaskHandleRepository;
import io.pipeline.task.ExternalResource;
import io.pipeline.task.ReleaseContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Releases external resources whose task instances no longer need them: turns orphaned live handles (TI deleted or
 * in a state that cannot use them) into release requests, claims the due requests of this node's DAGs, and asks
 * each task ({@link ExternalResource#release}) to end its resource, outside any transaction. A release that
 * throws is tried again with a growing delay (30 s doubling to 30 min); one that succeeds deletes the handle. What
 * the release logs goes to the log of the try that owned the handle.
 */
public final class ReleaseResourcesStep implements SchedulerStep {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseResourcesStep.class);
    static final int MAX_PER_PASS = 20;
    static final Duration LEASE = Duration.ofMinutes(5);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

    private final TaskHandleRepository handles;
    private final OutcomeRepository logs;
    private final DagRegistry registry;
    private final Clock clock;
    private final SecretMasker masker;
    private final TaskResources resources;

    public ReleaseResourcesStep(Stores stores, DagRegistry registry, Clock clock, SecretMasker masker,
                                TaskResources resources) {
        this.handles = stores.handles();
        this.logs = stores.outcomes();
        this.registry = registry;
        this.clock = clock;
        this.masker = masker;
        this.resources = resources;
    }

    @Override
    public String name() {
        return "release_resources";
    }

    @Override
    public void run(Instant now) {
        handles.requestReleaseOfOrphans(now);
        for (HandleRow h : handles.claimReleases(registry.dagIds(), now, now.plus(LEASE), MAX_PER_PASS)) {
            release(h);
        }
    }

    private void release(HandleRow h) {
        TryLog log = new TryLog(h.label(), clock, masker);
        try {
            ExternalResource body = resourceOf(h);
            log.engine("releasing " + h.values() + " (" + h.releaseReason() + ")");
            body.release(new Context(h, log, clock, resources), h.values(), h.releaseReason());
            handles.released(h.id());
            LOG.info("released the resource {} of {} ({})", h.values(), h.label(), h.releaseReason());
        } catch (Exception e) {
            Duration delay = backoff(h.releaseTries());
            log.error("could not release " + h.values() + "; trying again in " + delay, e);
            LOG.warn("could not release the resource {} of {}: {}", h.values(), h.label(), e.toString());
            handles.releaseFailed(h.id(), TaskRunner.describe(e), clock.instant().plus(delay));
        } finally {
            logs.appendLogs(List.of(new LogAppend(h.tiId(), h.tryNumber(), log.drain())), clock.instant());
        }
    }

    private ExternalResource resourceOf(HandleRow h) {
        DagIndex dag = registry.indexOrNull(h.dagId());
        if (dag == null || !dag.hasTask(h.taskId()) || !(dag.task(h.taskId()).body() instanceof ExternalResource r)) {
            throw new IllegalStateException("task " + h.label() + " is no longer defined as an external resource"
                    + " on this node; its resource " + h.values() + " must be released by hand");
        }
        return r;
    }

    static Duration backoff(int tries) {
        return Backoff.exponential(FIRST_BACKOFF, MAX_BACKOFF, 10).delay(tries);
    }

    private record Context(HandleRow h, TryLog log, Clock clock, TaskResources resources) implements ReleaseContext {
        @Override public String dagId() { return h.dagId(); }
        @Override public String taskId() { return h.taskId(); }
        @Override public String runId() { return h.runId(); }
        @Override public int mapIndex() { return h.mapIndex(); }
        @Override public int tryNumber() { return h.tryNumber(); }
        @Override public <T> T resource(Class<T> type) { return resources.get(type); }
    }
}
