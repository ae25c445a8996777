package io.pipeline.task.emr;

import io.pipeline.task.TaskContext;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.Tag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The tags that tie a cluster to the try that created it: DAG, task, run, map index and try. */
final class EmrTags {
    static final String DAG = "pipeline:dag";
    static final String TASK = "pipeline:task";
    static final String RUN = "pipeline:run";
    static final String MAP_INDEX = "pipeline:map-index";
    static final String TRY = "pipeline:try";

    private EmrTags() {
    }

    static Map<String, String> identity(TaskContext ctx) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(DAG, ctx.dagId());
        tags.put(TASK, ctx.taskId());
        tags.put(RUN, ctx.runId());
        tags.put(MAP_INDEX, Integer.toString(ctx.mapIndex()));
        tags.put(TRY, Integer.toString(ctx.tryNumber()));
        return tags;
    }

    /** True when the cluster carries this task instance's DAG, run, task and map index (any try). */
    static boolean matches(Cluster c, String dagId, String runId, String taskId, int mapIndex) {
        Map<String, String> tags = of(c);
        return dagId.equals(tags.get(DAG)) && runId.equals(tags.get(RUN)) && taskId.equals(tags.get(TASK))
                && Integer.toString(mapIndex).equals(tags.get(MAP_INDEX));
    }

    static Optional<String> tryOf(Cluster c) {
        return Optional.ofNullable(of(c).get(TRY));
    }

    private static Map<String, String> of(Cluster c) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : c.tags()) {
            tags.put(t.key(), t.value());
        }
        return tags;
    }
}
