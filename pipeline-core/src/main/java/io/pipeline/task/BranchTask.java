package io.pipeline.task;

import java.util.Collection;

/**
 * Chooses which of its direct downstream tasks run; the others are skipped (and their downstream follow trigger rules).
 * Returns task ids of direct downstream tasks.
 */
@FunctionalInterface
public interface BranchTask {
    Collection<String> choose(TaskContext ctx) throws Exception;
}
