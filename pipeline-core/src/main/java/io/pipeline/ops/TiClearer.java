package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.engine.StateRecorder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.state.TaskStateMachine;
import io.pipeline.store.DagRunRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves locked TIs to {@code none} through the transition table: a running try (or a reschedule sensor between
 * pokes) ends as failed, its try row saying it was cleared; tries stay in {@code task_try}; {@code max_tries} is
 * raised to the current try plus the task's full set of tries, so that retries work again. Finished runs of the
 * cleared TIs go back to queued when asked. Call inside the transaction that locked the runs and TIs.
 */
final class TiClearer {

    private final OpsRepository repo;
    private final StateRecorder recorder;

    TiClearer(OpsRepository repo, StateRecorder recorder) {
        this.repo = repo;
        this.recorder = recorder;
    }

    /** @return the TIs whose state changed */
    List<OpsTi> clear(Dag dag, Map<Long, DagRunRow> runs, List<OpsTi> tis, boolean resetRuns, String reason,
                      Instant now) {
        List<OpsTi> changed = new ArrayList<>();
        List<Long> endTry = new ArrayList<>();
        for (OpsTi ti : tis) {
            if (ti.state() == TaskState.NONE) {
                continue;
            }
            TaskStateMachine.check(ti.label(), ti.state(), TaskState.NONE);
            changed.add(ti);
            if (ti.state() == TaskState.RUNNING || ti.state() == TaskState.UP_FOR_RESCHEDULE
                    || ti.state() == TaskState.DEFERRED) {
                endTry.add(ti.id());
            }
        }
        if (changed.isEmpty()) {
            return changed;
        }
        repo.endTries(endTry.stream().mapToLong(Long::longValue).toArray(), TaskState.FAILED, reason, now);
        long[] ids = new long[changed.size()];
        int[] maxTries = new int[changed.size()];
        Set<Long> runPks = new LinkedHashSet<>();
        for (int i = 0; i < changed.size(); i++) {
            OpsTi ti = changed.get(i);
            ids[i] = ti.id();
            maxTries[i] = ti.tryNumber() + (dag.hasTask(ti.taskId()) ? dag.task(ti.taskId()).maxTries() : 1);
            runPks.add(ti.runPk());
        }
        repo.clear(ids, maxTries, now);
        repo.recount(runPks);
        for (int i = 0; i < changed.size(); i++) {
            OpsTi ti = changed.get(i);
            recorder.task(ti.dagId(), ti.runId(), ti.logicalDate(), ti.taskId(), ti.mapIndex(), ti.tryNumber(),
                    maxTries[i], ti.state(), TaskState.NONE, now, null, reason);
        }
        if (resetRuns) {
            for (Long pk : repo.requeue(runPks.stream().mapToLong(Long::longValue).toArray(), now)) {
                DagRunRow run = runs.get(pk);
                recorder.run(run, run.state(), DagRunState.QUEUED, now);
            }
        }
        return changed;
    }
}
