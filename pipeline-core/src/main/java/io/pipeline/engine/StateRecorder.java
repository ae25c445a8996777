package io.pipeline.engine;

import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.ChangedTi;
import io.pipeline.store.DagRunRow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where every state change is announced, inside the transaction that writes it: listeners (alerts) and meters. The
 * writes themselves go through the gates {@code store.TaskInstanceStateStore} and {@code store.DagRunStateStore},
 * whose statements are checked against the transition tables when they load.
 */
public final class StateRecorder {
    private final List<StateChangeListener> listeners;
    private final EngineMetrics metrics;

    public StateRecorder(List<StateChangeListener> listeners, EngineMetrics metrics) {
        this.listeners = List.copyOf(listeners);
        this.metrics = metrics;
    }

    public void task(DagRunRow run, ChangedTi ti, TaskState from, TaskState to, Instant at) {
        task(run.dagId(), run.runId(), run.logicalDate(), ti.taskId(), ti.mapIndex(), ti.tryNumber(), ti.maxTries(),
                from, to, at, null, null);
    }

    public void task(String dagId, String runId, Instant logicalDate, String taskId, int mapIndex, int tryNumber,
                     int maxTries, TaskState from, TaskState to, Instant at, Duration duration, String error) {
        metrics.taskStateChanged(dagId, taskId, to);
        if (listeners.isEmpty()) {
            return;
        }
        TaskStateChange change = new TaskStateChange(dagId, runId, logicalDate, taskId, mapIndex, tryNumber, maxTries,
                from, to, at, duration, error);
        for (StateChangeListener l : listeners) {
            l.onTaskStateChange(change);
        }
    }

    public void run(DagRunRow run, DagRunState from, DagRunState to, Instant at) {
        metrics.runStateChanged(run.dagId(), to);
        if (listeners.isEmpty()) {
            return;
        }
        DagRunStateChange change = new DagRunStateChange(run.dagId(), run.runId(), run.logicalDate(), run.runType(),
                from, to, at);
        for (StateChangeListener l : listeners) {
            l.onDagRunStateChange(change);
        }
    }

    /** A partition missed its freshness deadline; called in the transaction that records the miss. */
    public void partitionLate(LatePartition late) {
        for (StateChangeListener l : listeners) {
            l.onPartitionLate(late);
        }
    }

    /** A late partition's first event came in; called in the transaction that marks it. */
    public void latePartitionArrived(LatePartition arrived) {
        for (StateChangeListener l : listeners) {
            l.onLatePartitionArrived(arrived);
        }
    }

    public EngineMetrics metrics() {
        return metrics;
    }
}
