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
    /** Per pool, its first waiting TI as the scheduler's last admission pass left it full (see noteFirstWaiting). */
    private final Map<String, AdmissionRepository.Waiting> firstWaiting = new java.util.concurrent.ConcurrentHashMap<>();
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
        if (state == null) {
            return NOTHING;
        }
        if (dagId != null) {
            return admitPool(pool, dagId, state, now, localSlots, true);
        }
        Pass pass = admitAll(pool, state.slots() - state.used(), now, localSlots);
        noteFirstWaiting(pool, pass.free());
        return pass.result();
    }

    /**
     * After a pass over every DAG (the scheduler's admission step), remembers the pool's first waiting TI while the
     * pool is full, so that finishing transactions know without a statement of their own whether a TI of another DAG
     * outranks their DAG's waiting ones ({@link #admitPool(String, String, PoolState, Instant, int, boolean)}). A pool left
     * with free slots has none to give way: whatever still waits there is held by its DAG's max_active_tasks.
     */
    private void noteFirstWaiting(String pool, int freeLeft) {
        AdmissionRepository.Waiting first = freeLeft > 0 ? null : repo.firstWaiting(pool).orElse(null);
        if (first == null) {
            firstWaiting.remove(pool);
        } else {
            firstWaiting.put(pool, first);
        }
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
     * order when the scheduler's last pass left the pool full with a TI of another DAG first in line whose priority
     * is above the lowest of the DAG's own candidates (at the close: a run's leaves, priority 2, against the next
     * runs' start tasks, priority 20): the pool's free slots then go by priority over every DAG first, and the DAG's
     * own TIs take what remains (slots that the higher ones could not take, their DAGs being at max_active_tasks).
     * The test costs no statement: it reads what the pass remembered. When the give-way admits nothing of another
     * DAG above the DAG's own, the remembered TI is forgotten until the next pass, so a stale one costs one read.
     * With {@code mayGiveWay} false the DAG's own TIs come first, whatever waits (a finishing run's own successors).
     */
    Admitted admitPool(String pool, String dagId, PoolState state, Instant now, int localSlots, boolean mayGiveWay) {
        int free = state.slots() - state.used();
        if (free <= 0) {
            return NOTHING;
        }
        if (dagId == null) {
            return admitAll(pool, free, now, localSlots).result();
        }
        int max = maxActiveTasks(dagId);
        if (!belowMaxActiveTasks(state.dagActive(), max)) {
            return NOTHING;
        }
        List<Candidate> own = repo.candidates(pool, dagId, Math.min(free, max - state.dagActive()));
        AdmissionRepository.Waiting first = firstWaiting.get(pool);
        int lowest = lowestPriority(own);
        if (!mayGiveWay || first == null || first.dagId().equals(dagId) || own.isEmpty()
                || first.priority() <= lowest) {
            return admitCandidates(own, free, Map.of(dagId, state.dagActive()), now, localSlots).result();
        }
        Pass all = admitAll(pool, free, now, localSlots);
        if (all.admitted.stream().noneMatch(c -> !c.dagId().equals(dagId) && c.priority() > lowest)) {
            firstWaiting.remove(pool, first);
        }
        int ownActive = state.dagActive() + (int) all.admittedOf(dagId);
        int left = Math.min(all.free(), max - ownActive);
        if (left <= 0) {
            return all.result();
        }
        int claimed = all.result().claimed().size();
        Pass rest = admitCandidates(repo.candidates(pool, dagId, left), all.free(), Map.of(dagId, ownActive), now,
                localSlots - claimed);
        return merge(all.result(), rest.result());
    }

    private static int lowestPriority(List<Candidate> candidates) {
        int lowest = Integer.MAX_VALUE;
        for (Candidate c : candidates) {
            lowest = Math.min(lowest, c.priority());
        }
        return lowest;
    }

    /** What an admission did, the pool slots it left free and the candidates it admitted. */
    private record Pass(Admitted result, int free, List<Candidate> admitted) {
        long admittedOf(String dagId) {
            return admitted.stream().filter(c -> c.dagId().equals(dagId)).count();
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
        List<Candidate> taken = new ArrayList<>();
        for (Candidate c : candidates) {
            int dagActive = active.getOrDefault(c.dagId(), 0);
            if (!fitsPool(c.poolSlots(), free) || !belowMaxActiveTasks(dagActive, maxActiveTasks(c.dagId()))) {
                continue;
            }
            free -= c.poolSlots();
            active.put(c.dagId(), dagActive + 1);
            admitted.add(c.id());
            taken.add(c);
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
        return new Pass(a, free, taken);
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
