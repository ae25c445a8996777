package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.state.TaskState;
import io.pipeline.store.AdmissionRepository.Admitted;
import io.pipeline.store.AdmissionRepository.Candidate;
import io.pipeline.store.AdmissionRepository.PoolState;
import io.pipeline.store.AdmissionRepository.QueuedTi;
import io.pipeline.store.AdmissionRepository;
import io.pipeline.store.ClaimedTi;
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
    private static final Admitted NOTHING = new Admitted(List.of(), List.of());

    private final EngineConfig config;
    private final Set<String> missingPoolsLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Admission(AdmissionRepository repo, DagRegistry registry, StateRecorder recorder, EngineConfig config) {
        this.repo = repo;
        this.registry = registry;
        this.recorder = recorder;
        this.config = config;
    }

    /**
     * Admits ready TIs of the given pools (null: every pool), of one DAG or of all ({@code dagId} null): they become
     * queued, or, up to {@code localSlots} of them in this node's queues, running on this node at once.
     */
    public Admitted admit(Collection<String> pools, String dagId, Instant now, int localSlots) {
        Collection<String> ordered = new TreeSet<>(pools == null ? repo.pools() : pools);
        List<QueuedTi> queued = new ArrayList<>();
        List<ClaimedTi> claimed = new ArrayList<>();
        for (String pool : ordered) {
            Admitted a = admitPool(pool, dagId, now, localSlots - claimed.size());
            queued.addAll(a.queued());
            claimed.addAll(a.claimed());
        }
        return new Admitted(queued, claimed);
    }

    /** Admits without claiming (the scheduler's steps). */
    public List<QueuedTi> admit(Collection<String> pools, String dagId, Instant now) {
        return admit(pools, dagId, now, 0).queued();
    }

    private Admitted admitPool(String pool, String dagId, Instant now, int localSlots) {
        PoolState state = lockPool(pool, dagId);
        return state == null ? NOTHING : admitPool(pool, dagId, state, now, localSlots);
    }

    /** Locks a pool and reads its occupancy; null (logged once) when the pool does not exist. */
    PoolState lockPool(String pool, String dagId) {
        PoolState state = repo.lockPool(pool, dagId).orElse(null);
        if (state == null && missingPoolsLogged.add(pool)) {
            LOG.warn("pool '{}' does not exist; its task instances wait until it is created", pool);
        }
        return state;
    }

    /**
     * Admits the ready TIs of a pool already locked by {@link #lockPool}, whose occupancy is {@code state}: of DAG
     * {@code dagId}, or of every DAG by priority ({@code dagId} null). A DAG's own admission gives way to the pool's
     * order when a TI of another DAG with a higher priority than some of its own waits in the pool: the pool's free
     * slots then go by priority over every DAG first, and the DAG's own TIs take what remains (slots that the
     * higher ones could not take, their DAGs being at max_active_tasks).
     */
    Admitted admitPool(String pool, String dagId, PoolState state, Instant now, int localSlots) {
        int free = state.slots() - state.used();
        if (free <= 0) {
            return NOTHING;
        }
        if (dagId == null) {
            return admitAll(pool, free, now, localSlots).admitted();
        }
        int max = maxActiveTasks(dagId);
        if (!belowMaxActiveTasks(state.dagActive(), max)) {
            return NOTHING;
        }
        AdmissionRepository.OwnCandidates own = repo.ownCandidates(pool, dagId, Math.min(free, max - state.dagActive()));
        if (!own.higherWaiting()) {
            return admitCandidates(own.candidates(), free, Map.of(dagId, state.dagActive()), now, localSlots)
                    .admitted();
        }
        Pass first = admitAll(pool, free, now, localSlots);
        int ownActive = state.dagActive() + (int) first.admittedOf(dagId);
        int left = Math.min(first.free(), max - ownActive);
        if (left <= 0) {
            return first.admitted();
        }
        int claimed = first.admitted().claimed().size();
        Pass rest = admitCandidates(repo.candidates(pool, dagId, left), first.free(), Map.of(dagId, ownActive), now,
                localSlots - claimed);
        return merge(first.admitted(), rest.admitted());
    }

    /** What an admission did, the pool slots it left free and the DAGs of the TIs it admitted. */
    private record Pass(Admitted admitted, int free, List<String> dags) {
        long admittedOf(String dagId) {
            return dags.stream().filter(dagId::equals).count();
        }
    }

    private Pass admitAll(String pool, int free, Instant now, int localSlots) {
        List<Candidate> candidates = repo.candidates(pool, null, free);
        if (candidates.isEmpty()) {
            return new Pass(NOTHING, free, List.of());
        }
        Set<String> dags = new LinkedHashSet<>();
        candidates.forEach(c -> dags.add(c.dagId()));
        return admitCandidates(candidates, free, repo.activePerDag(dags), now, localSlots);
    }

    /** Admits {@code candidates} in their order while they fit the pool's {@code free} slots and their DAG's limit. */
    private Pass admitCandidates(List<Candidate> candidates, int free, Map<String, Integer> activeBefore, Instant now,
                                 int localSlots) {
        Map<String, Integer> active = new HashMap<>(activeBefore);
        List<Long> admitted = new ArrayList<>();
        List<Long> mine = new ArrayList<>();
        List<String> dags = new ArrayList<>();
        for (Candidate c : candidates) {
            int dagActive = active.getOrDefault(c.dagId(), 0);
            if (!fitsPool(c.poolSlots(), free) || !belowMaxActiveTasks(dagActive, maxActiveTasks(c.dagId()))) {
                continue;
            }
            free -= c.poolSlots();
            active.put(c.dagId(), dagActive + 1);
            admitted.add(c.id());
            dags.add(c.dagId());
            if (mine.size() < localSlots && servesHere(c.queue()) && registry.indexOrNull(c.dagId()) != null) {
                mine.add(c.id());
            }
        }
        if (admitted.isEmpty()) {
            return new Pass(NOTHING, free, List.of());
        }
        Admitted a = repo.admit(toArray(admitted), toArray(mine), config.nodeId(), now);
        for (QueuedTi q : a.queued()) {
            recorder.task(q.dagId(), q.runId(), q.logicalDate(), q.taskId(), q.mapIndex(), q.tryNumber(),
                    q.maxTries(), TaskState.SCHEDULED, TaskState.QUEUED, now, null, null);
        }
        for (ClaimedTi c : a.claimed()) {
            recorder.task(c.dagId(), c.runId(), c.logicalDate(), c.taskId(), c.mapIndex(), c.tryNumber(),
                    c.maxTries(), TaskState.SCHEDULED, TaskState.QUEUED, now, null, null);
            TryFinisher.recordClaim(recorder, c, now);
        }
        return new Pass(a, free, dags);
    }

    private static Admitted merge(Admitted a, Admitted b) {
        if (b.queued().isEmpty() && b.claimed().isEmpty()) {
            return a;
        }
        List<QueuedTi> queued = new ArrayList<>(a.queued());
        queued.addAll(b.queued());
        List<ClaimedTi> claimed = new ArrayList<>(a.claimed());
        claimed.addAll(b.claimed());
        return new Admitted(queued, claimed);
    }

    private static long[] toArray(List<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** Whether this node runs TIs of {@code queue} itself. */
    boolean servesHere(String queue) {
        return config.worker() && config.queues().contains(queue);
    }

    int maxActiveTasks(String dagId) {
        return maxActiveTasks(registry, dagId);
    }

    /** The DAG's max_active_tasks, or the default for a DAG that is not loaded. */
    static int maxActiveTasks(DagRegistry registry, String dagId) {
        DagIndex d = registry.indexOrNull(dagId);
        Dag dag = d == null ? null : d.dag();
        return dag == null ? DEFAULT_MAX_ACTIVE_TASKS : dag.maxActiveTasks();
    }

    /** Whether a TI taking {@code poolSlots} fits the {@code free} slots of its pool. */
    static boolean fitsPool(int poolSlots, int free) {
        return poolSlots <= free;
    }

    /** Whether a DAG with {@code active} queued and running TIs may have one more under {@code maxActiveTasks}. */
    static boolean belowMaxActiveTasks(int active, int maxActiveTasks) {
        return active < maxActiveTasks;
    }
}
