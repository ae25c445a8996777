package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.state.TaskState;
import io.pipeline.store.AdmissionRepository;
import io.pipeline.store.AdmissionRepository.Candidate;
import io.pipeline.store.AdmissionRepository.QueuedTi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands out pool slots: ready (scheduled) TIs become queued while their pool has free slots and their DAG is below
 * max_active_tasks, highest priority first. Pools are locked in name order; TI rows only with SKIP LOCKED.
 */
public final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    private static final int DEFAULT_MAX_ACTIVE_TASKS = 16;

    private final AdmissionRepository repo;
    private final DagRegistry registry;
    private final StateRecorder recorder;
    private final Set<String> missingPoolsLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Admission(AdmissionRepository repo, DagRegistry registry, StateRecorder recorder) {
        this.repo = repo;
        this.registry = registry;
        this.recorder = recorder;
    }

    /**
     * Admits ready TIs of the given pools (null: every pool with ready TIs), of one DAG or of all ({@code dagId}
     * null). Returns the TIs queued.
     */
    public List<QueuedTi> admit(Collection<String> pools, String dagId, Instant now) {
        Collection<String> ordered = new TreeSet<>(pools == null ? repo.pools() : pools);
        List<QueuedTi> queued = new ArrayList<>();
        for (String pool : ordered) {
            queued.addAll(admitPool(pool, dagId, now));
        }
        return queued;
    }

    private List<QueuedTi> admitPool(String pool, String dagId, Instant now) {
        Integer slots = repo.lockPool(pool).orElse(null);
        if (slots == null) {
            if (missingPoolsLogged.add(pool)) {
                LOG.warn("pool '{}' does not exist; its task instances wait until it is created", pool);
            }
            return List.of();
        }
        int free = slots - repo.usedSlots(pool);
        if (free <= 0) {
            return List.of();
        }
        List<Candidate> candidates = repo.candidates(pool, dagId, free);
        if (candidates.isEmpty()) {
            return List.of();
        }
        Set<String> dags = new LinkedHashSet<>();
        candidates.forEach(c -> dags.add(c.dagId()));
        Map<String, Integer> active = new HashMap<>(repo.activePerDag(dags));
        List<Long> admitted = new ArrayList<>();
        for (Candidate c : candidates) {
            int dagActive = active.getOrDefault(c.dagId(), 0);
            if (c.poolSlots() > free || dagActive >= maxActiveTasks(c.dagId())) {
                continue;
            }
            free -= c.poolSlots();
            active.put(c.dagId(), dagActive + 1);
            admitted.add(c.id());
        }
        if (admitted.isEmpty()) {
            return List.of();
        }
        StateRecorder.require(TaskState.SCHEDULED, TaskState.QUEUED);
        List<QueuedTi> queued = repo.queue(admitted.stream().mapToLong(Long::longValue).toArray(), now);
        for (QueuedTi q : queued) {
            recorder.task(q.dagId(), q.runId(), q.logicalDate(), q.taskId(), q.mapIndex(), q.tryNumber(),
                    q.maxTries(), TaskState.SCHEDULED, TaskState.QUEUED, now, null, null);
        }
        return queued;
    }

    private int maxActiveTasks(String dagId) {
        DagIndex d = registry.indexOrNull(dagId);
        Dag dag = d == null ? null : d.dag();
        return dag == null ? DEFAULT_MAX_ACTIVE_TASKS : dag.maxActiveTasks();
    }
}
