package io.pipeline.dag;

import java.util.List;

/** A group of tasks for fan-in and fan-out; see {@link TaskNodes}. */
public record TaskRefs(List<TaskRef> refs) implements TaskNodes {
    public TaskRefs {
        refs = List.copyOf(refs);
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("a task group needs at least one task");
        }
    }
}
