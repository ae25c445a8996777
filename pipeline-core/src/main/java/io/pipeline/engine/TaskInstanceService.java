package io.pipeline.engine;

import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Page;
import io.pipeline.store.Stores;
import io.pipeline.store.TaskInstanceRepository;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskLogRepository;
import io.pipeline.store.TaskLogText;
import io.pipeline.store.XComRepository;
import io.pipeline.store.XComRow;

import java.util.List;
import java.util.Optional;

/** Read side of task instances for the API: TIs of a run, one TI with its tries, a try's log, XCom values. */
public class TaskInstanceService {

    private final DagRunRepository runs;
    private final TaskInstanceRepository instances;
    private final TaskLogRepository logs;
    private final XComRepository xcoms;

    public TaskInstanceService(Stores stores) {
        this.runs = stores.runs();
        this.instances = stores.instances();
        this.logs = stores.logs();
        this.xcoms = stores.xcoms();
    }

    /** @throws DagRunNotFoundException when the run does not exist */
    public Page<TaskInstanceRow> list(String dagId, String runId, int limit, int offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0, got limit " + limit
                    + ", offset " + offset);
        }
        return instances.listForRun(run(dagId, runId).id(), limit, offset);
    }

    /** Every TI of a run (mapped tasks: every instance), in creation order. */
    public List<TaskInstanceRow> all(String dagId, String runId) {
        return instances.allForRun(run(dagId, runId).id());
    }

    /** One TI ({@code mapIndex} -1 for an unmapped task). Empty when the run or the TI does not exist. */
    public Optional<TaskInstanceRow> get(String dagId, String runId, String taskId, int mapIndex) {
        return runs.find(dagId, runId).flatMap(r -> instances.find(r.id(), taskId, mapIndex));
    }

    /** Every instance of a (mapped) task in a run, by map index. */
    public List<TaskInstanceRow> instancesOf(String dagId, String runId, String taskId) {
        return instances.instancesOf(run(dagId, runId).id(), taskId);
    }

    /** At most {@code limit} instances of a task in a run from map index {@code from} on, by map index. */
    public List<TaskInstanceRow> instancesOf(String dagId, String runId, String taskId, int from, int limit) {
        return instances.instancesOf(run(dagId, runId).id(), taskId, from, limit);
    }

    /** A task's instances in a run counted by state. */
    public java.util.Map<io.pipeline.state.TaskState, Integer> statesOf(String dagId, String runId, String taskId) {
        return instances.statesOf(run(dagId, runId).id(), taskId);
    }

    public Optional<TaskInstanceDetail> detail(String dagId, String runId, String taskId, int mapIndex) {
        return get(dagId, runId, taskId, mapIndex).map(ti -> new TaskInstanceDetail(ti, instances.tries(ti.id())));
    }

    /**
     * The log of try {@code tryNumber} (1-based). Empty when the TI does not exist or has no such try yet; the text
     * of a running try is what it has flushed so far.
     */
    public Optional<TaskLogText> log(String dagId, String runId, String taskId, int mapIndex, int tryNumber) {
        return get(dagId, runId, taskId, mapIndex)
                .filter(ti -> tryNumber >= 1 && tryNumber <= ti.tryNumber())
                .map(ti -> {
                    boolean running = tryNumber == ti.tryNumber() && !ti.state().isTerminal()
                            && ti.state() != io.pipeline.state.TaskState.UP_FOR_RETRY;
                    return new TaskLogText(ti.id(), tryNumber, logs.read(ti.id(), tryNumber), !running);
                });
    }

    /** A stored output ({@code key} null: the return value). */
    public Optional<XComRow> xcom(String dagId, String runId, String taskId, int mapIndex, String key) {
        return runs.find(dagId, runId).flatMap(r -> xcoms.find(r.id(), taskId, mapIndex,
                key == null ? XComRepository.RETURN_VALUE : key));
    }

    /** The return values of every instance of a task, by map index. */
    public List<XComRow> xcoms(String dagId, String runId, String taskId) {
        return xcoms.findAll(run(dagId, runId).id(), taskId, XComRepository.RETURN_VALUE);
    }

    private DagRunRow run(String dagId, String runId) {
        return runs.find(dagId, runId).orElseThrow(() -> new DagRunNotFoundException(dagId, runId));
    }
}
