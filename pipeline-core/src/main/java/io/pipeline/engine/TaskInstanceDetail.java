package io.pipeline.engine;

import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskTryRow;

import java.util.List;

/** A task instance with every recorded try, oldest first. */
public record TaskInstanceDetail(TaskInstanceRow instance, List<TaskTryRow> tries) {
    public TaskInstanceDetail {
        tries = List.copyOf(tries);
    }
}
