package io.pipeline.engine;

import io.pipeline.dag.TaskDef;
import io.pipeline.state.TaskState;
import io.pipeline.store.AdmissionRepository.Admitted;
import io.pipeline.store.AdmissionRepository.PoolState;
import io.pipeline.store.AdmissionRepository.QueuedTi;
import io.pipeline.store.AdmissionRepository;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Admission at the end of a finishing transaction. The tasks a finished try made ready are still in state none;
 * for each pool (in name order, the lock order), the pool is locked once and:
 * <ul>
 *   <li>when nothing of the DAG waits in the pool and all of the pool's ready tasks fit its free slots and the DAG's
 *   max_active_tasks, they go from none to queued, or to running on this node for its free worker slots, in the
 *   same statement that locks the pool (the hop of a chain: one statement and one tuple version instead of four
 *   statements and two versions);</li>
 *   <li>otherwise they are scheduled and the pool admits the DAG's waiting TIs in priority order;</li>
 *   <li>when a TI of another DAG with a higher priority waits in the pool (one probe of {@code ti_scheduled_pool}
 *   in the same statements), the ready tasks are scheduled and the pool's free slots go by priority over every DAG
 *   first, the DAG's own TIs taking what remains ({@link Admission#admitPool});</li>
 *   <li>a pool where a slot was freed and nothing of the DAG waits admits the TIs of every DAG that wait in it, by
 *   priority, so that the slot does not idle until the scheduler's next admission pass.</li>
 * </ul>
 * The transitions are announced one by one (none -> scheduled -> queued -> running), so that listeners and the
 * transition table see the same steps either way.
 */
final class FinishAdmission {

    /** What was admitted, and whether any of the ready tasks moved at all. */
    record Outcome(Admitted admitted, boolean readyMoved) {
    }

    private final Admission admission;
    private final AdmissionRepository repo;
    private final RunScheduler scheduler;
    private final StateRecorder recorder;
    private final EngineConfig config;

    FinishAdmission(Admission admission, AdmissionRepository repo, RunScheduler scheduler, StateRecorder recorder,
                    EngineConfig config) {
        this.admission = admission;
        this.repo = repo;
        this.scheduler = scheduler;
        this.recorder = recorder;
        this.config = config;
    }

    /**
     * @param ready      unmapped tasks of {@code run} found ready (still in state none)
     * @param pools      further pools where slots may have been freed or TIs scheduled
     * @param localSlots this node's free worker slots
     */
    Outcome admit(DagRunRow run, DagIndex dag, List<String> ready, Collection<String> pools, Instant now,
                  int localSlots) {
        Map<String, List<String>> readyByPool = new LinkedHashMap<>();
        for (String taskId : ready) {
            readyByPool.computeIfAbsent(dag.task(taskId).pool(), k -> new ArrayList<>()).add(taskId);
        }
        TreeSet<String> ordered = new TreeSet<>(pools);
        ordered.addAll(readyByPool.keySet());
        List<QueuedTi> queued = new ArrayList<>();
        List<ClaimedTi> claimed = new ArrayList<>();
        boolean readyMoved = false;
        for (String pool : ordered) {
            List<String> here = readyByPool.getOrDefault(pool, List.of());
            int free = localSlots - claimed.size();
            PoolState state;
            if (here.isEmpty()) {
                state = admission.lockPool(pool, run.dagId());
            } else {
                AdmissionRepository.ReadyAdmission direct = admitDirectly(run, dag, pool, here, now, free);
                state = direct.pool().orElse(null);
                if (state != null && fitsDirectly(dag, here, state)) {
                    Admitted a = direct.admitted();
                    readyMoved |= !a.queued().isEmpty() || !a.claimed().isEmpty();
                    queued.addAll(a.queued());
                    claimed.addAll(a.claimed());
                    continue;
                }
                readyMoved |= schedule(run, here, now);
            }
            if (state != null) {
                // Nothing of the run's DAG waits here, but a slot was freed: it goes to whoever waits, by priority.
                String dagId = !here.isEmpty() || state.dagWaiting() > 0 ? run.dagId() : null;
                // Tasks this finish made ready keep the slots their run freed (a chain's next link whose direct
                // hand-off did not fit); only slots freed without a successor here give way to other DAGs.
                Admitted a = admission.admitPool(pool, dagId, state, now, free, here.isEmpty());
                queued.addAll(a.queued());
                claimed.addAll(a.claimed());
            }
        }
        return new Outcome(new Admitted(queued, claimed), readyMoved);
    }

    /** The same test as the statement's (see {@link AdmissionRepository#admitReady}), on the state it read. */
    private boolean fitsDirectly(DagIndex dag, List<String> tasks, PoolState state) {
        return state.dagWaiting() == 0 && slotsNeeded(dag, tasks) <= state.slots() - state.used()
                && state.dagActive() + tasks.size() <= admission.maxActiveTasks(dag.dagId());
    }

    private static int slotsNeeded(DagIndex dag, List<String> tasks) {
        int slots = 0;
        for (String t : tasks) {
            slots += dag.task(t).poolSlots();
        }
        return slots;
    }

    private AdmissionRepository.ReadyAdmission admitDirectly(DagRunRow run, DagIndex dag, String pool,
                                                             List<String> tasks, Instant now, int localSlots) {
        List<String> mine = new ArrayList<>();
        for (String t : tasks) {
            TaskDef def = dag.task(t);
            if (mine.size() < localSlots && admission.servesHere(def.queue())) {
                mine.add(t);
            }
        }
        AdmissionRepository.ReadyAdmission r = repo.admitReady(pool, run.dagId(), run.id(), tasks, mine,
                slotsNeeded(dag, tasks), admission.maxActiveTasks(dag.dagId()), config.nodeId(), now);
        for (QueuedTi q : r.admitted().queued()) {
            announce(run, q.taskId(), q.mapIndex(), q.tryNumber(), q.maxTries(), now);
        }
        for (ClaimedTi c : r.admitted().claimed()) {
            announce(run, c.taskId(), c.mapIndex(), c.tryNumber(), c.maxTries(), now);
            TryFinisher.recordClaim(recorder, c, now);
        }
        return r;
    }

    private void announce(DagRunRow run, String taskId, int mapIndex, int tryNumber, int maxTries, Instant now) {
        recorder.task(run.dagId(), run.runId(), run.logicalDate(), taskId, mapIndex, tryNumber, maxTries,
                TaskState.NONE, TaskState.SCHEDULED, now, null, null);
        recorder.task(run.dagId(), run.runId(), run.logicalDate(), taskId, mapIndex, tryNumber, maxTries,
                TaskState.SCHEDULED, TaskState.QUEUED, now, null, null);
    }

    /** none -> scheduled for ready tasks that wait for admission in priority order. */
    private boolean schedule(DagRunRow run, List<String> tasks, Instant now) {
        return !tasks.isEmpty() && !scheduler.schedule(run, tasks, now).isEmpty();
    }
}
