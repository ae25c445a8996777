package io.pipeline.testing;

import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.engine.TaskStateChange;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every state change it is told of, for assertions. */
public final class RecordingListener implements StateChangeListener {
    public final List<TaskStateChange> tasks = new CopyOnWriteArrayList<>();
    public final List<DagRunStateChange> runs = new CopyOnWriteArrayList<>();

    @Override
    public void onTaskStateChange(TaskStateChange change) {
        tasks.add(change);
    }

    @Override
    public void onDagRunStateChange(DagRunStateChange change) {
        runs.add(change);
    }

    public List<TaskStateChange> of(String taskId) {
        return tasks.stream().filter(c -> c.taskId().equals(taskId)).toList();
    }
}
