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
    /**
     * How many waiting TIs beyond the free slots the starved-run probe reads, in priority order: a starved run's TI
     * of equal priority behind a busy run's waiting TIs (created earlier, lower ids) is still found when they are
     * fewer than this. Deeper ones wait for a later admission.
     */
    static final int STARVED_WINDOW = 32;

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
     * As {@link #lockPool}, without waiting for another transaction that holds the pool: then {@code busy} is true and
     * nothing is locked. A missing pool is null and not busy (logged once).
     */
    AdmissionRepository.PoolLock tryLockPool(String pool, String dagId) {
        AdmissionRepository.PoolLock lock = repo.tryLockPool(pool, dagId);
        if (lock.state().isEmpty() && !lock.busy() && missingPoolsLogged.add(pool)) {
            LOG.warn("pool '{}' does not exist; its task instances wait until it is created", pool);
        }
        return lock;
    }

    /**
     * Admits the ready TIs of a pool already locked by {@link #lockPool}, whose occupancy is {@code state}: first
     * those of starved runs (runs with nothing queued or running in the pool, {@link #admitStarved}), then of DAG
     * {@code dagId}, or of every DAG by priority ({@code dagId} null), in the slots that remain.
     */
    Admitted admitPool(String pool, String dagId, PoolState state, Instant now, int localSlots) {
        int free = state.slots() - state.used();
        if (free <= 0) {
            return NOTHING;
        }
        if (dagId != null) {
            return admitStarvedThenOwn(pool, dagId, state, free, now, localSlots);
        }
        Pass starved = starved(repo.starvedCandidates(pool, free + STARVED_WINDOW), free, now, localSlots);
        free = starved.free();
        if (free <= 0) {
            return starved.admitted();
        }
        List<Candidate> candidates = repo.candidates(pool, null, free);
        if (candidates.isEmpty()) {
            return starved.admitted();
        }
        Set<String> dags = new LinkedHashSet<>();
        candidates.forEach(c -> dags.add(c.dagId()));
        int local = localSlots - starved.admitted().claimed().size();
        return merge(starved.admitted(),
                admitCandidates(candidates, free, repo.activePerDag(dags), now, local).admitted());
    }

    /**
     * The finishing transaction's admission for DAG {@code dagId}: the starved runs' TIs and the DAG's own read by one
     * statement ({@link AdmissionRepository#starvedThenOwnCandidates}) and admitted by one, starved first.
     */
    private Admitted admitStarvedThenOwn(String pool, String dagId, PoolState state, int free, Instant now,
                                         int localSlots) {
        int max = maxActiveTasks(dagId);
        int ownLimit = Math.max(0, Math.min(free, max - state.dagActive()));
        List<AdmissionRepository.FairCandidate> found =
                repo.starvedThenOwnCandidates(pool, free + STARVED_WINDOW, dagId, ownLimit);
        if (found.isEmpty()) {
            return NOTHING;
        }
        Map<String, Integer> active = new HashMap<>();
        active.put(dagId, state.dagActive());
        List<Candidate> candidates = new ArrayList<>();
        for (AdmissionRepository.FairCandidate c : found) {
            if (c.starved()) {
                active.putIfAbsent(c.candidate().dagId(), c.dagActive());
            }
            candidates.add(c.candidate());
        }
        return admitCandidates(candidates, free, active, now, localSlots).admitted();
    }

    /**
     * Admits only TIs of starved runs into a pool already locked by {@link #lockPool}: a slot freed where nothing of
     * the finishing DAG waits goes to a run that has nothing in the pool at once, not at the next admission pass.
     */
    Admitted admitStarved(String pool, PoolState state, Instant now, int localSlots) {
        int free = state.slots() - state.used();
        return free <= 0 ? NOTHING
                : starved(repo.starvedCandidates(pool, free + STARVED_WINDOW), free, now, localSlots).admitted();
    }

    /**
     * Fair admission across runs: of the first {@code free} + {@link #STARVED_WINDOW} TIs waiting in the pool by
     * priority, those of runs with nothing queued or running in it go first (within their DAG's max_active_tasks). A
     * run that holds a slot keeps handing it on (a chain's next link, a fan-out's next instance); a run that holds
     * none is not left behind the runs that do, whatever their priorities.
     */
    private Pass starved(List<AdmissionRepository.FairCandidate> found, int free, Instant now, int localSlots) {
        if (found.isEmpty()) {
            return new Pass(NOTHING, free);
        }
        Map<String, Integer> active = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (AdmissionRepository.FairCandidate s : found) {
            active.putIfAbsent(s.candidate().dagId(), s.dagActive());
            candidates.add(s.candidate());
        }
        return admitCandidates(candidates, free, active, now, localSlots);
    }

    /** What an admission did and the pool slots it left free. */
    private record Pass(Admitted admitted, int free) {
    }

    /** Admits {@code candidates} in their order while they fit the pool's {@code free} slots and their DAG's limit. */
    private Pass admitCandidates(List<Candidate> candidates, int free, Map<String, Integer> activeBefore, Instant now,
                                 int localSlots) {
        Map<String, Integer> active = new HashMap<>(activeBefore);
        List<Long> admitted = new ArrayList<>();
        List<Long> mine = new ArrayList<>();
        for (Candidate c : candidates) {
            int dagActive = active.getOrDefault(c.dagId(), 0);
            if (!fitsPool(c.poolSlots(), free) || !belowMaxActiveTasks(dagActive, maxActiveTasks(c.dagId()))) {
                continue;
            }
            free -= c.poolSlots();
            active.put(c.dagId(), dagActive + 1);
            admitted.add(c.id());
            if (mine.size() < localSlots && servesHere(c.queue()) && registry.indexOrNull(c.dagId()) != null) {
                mine.add(c.id());
            }
        }
        if (admitted.isEmpty()) {
            return new Pass(NOTHING, free);
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
        return new Pass(a, free);
    }

    private static Admitted merge(Admitted a, Admitted b) {
        if (b.queued().isEmpty() && b.claimed().isEmpty()) {
            return a;
        }
        if (a.queued().isEmpty() && a.claimed().isEmpty()) {
            return b;
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
