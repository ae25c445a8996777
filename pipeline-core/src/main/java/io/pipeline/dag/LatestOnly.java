package io.pipeline.dag;

import io.pipeline.task.BranchTask;
import io.pipeline.task.TaskContext;

import java.util.List;
import java.util.Set;

/**
 * Airflow's LatestOnly: follows every direct downstream task when the run is the most recent scheduled run (or a
 * manual run, which always proceeds) and skips them all otherwise. Tasks further down follow their trigger rules.
 * Declare it with {@code TaskGraph.latestOnly(id)}, which hands it the direct downstream ids.
 */
public final class LatestOnly implements BranchTask {
    private final List<String> directDownstream;

    public LatestOnly(Set<String> directDownstream) {
        this.directDownstream = List.copyOf(directDownstream);
    }

    @Override
    public List<String> choose(TaskContext ctx) {
        if ("manual".equals(ctx.runType())) {
            ctx.log().info("manual run: downstream tasks proceed");
            return directDownstream;
        }
        if (ctx.isLatestRun()) {
            ctx.log().info("latest run: downstream tasks proceed");
            return directDownstream;
        }
        ctx.log().info("not the latest run: skipping {}", directDownstream);
        return List.of();
    }

    public List<String> directDownstream() {
        return directDownstream;
    }
}
