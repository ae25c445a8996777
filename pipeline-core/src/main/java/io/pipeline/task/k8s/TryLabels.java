package io.pipeline.task.k8s;

import io.pipeline.task.TaskContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels and annotations that tie a Job to the try that started it. The labels (sanitised to label syntax)
 * select the Jobs of one task instance for reattaching; the annotations keep the ids exactly as the engine knows
 * them. The Job's name is derived from the try, so that each try has its own Job.
 */
final class TryLabels {

    static final String PREFIX = "pipeline.io/";
    static final String DAG = PREFIX + "dag";
    static final String TASK = PREFIX + "task";
    static final String RUN = PREFIX + "run";
    static final String MAP_INDEX = PREFIX + "map-index";
    static final String TRY = PREFIX + "try";

    private TryLabels() {
    }

    /** The labels naming the task instance (without the try): what a reattaching try looks for. */
    static Map<String, String> instance(TaskContext ctx) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DAG, LabelText.value(ctx.dagId()));
        labels.put(TASK, LabelText.value(ctx.taskId()));
        labels.put(RUN, LabelText.value(ctx.runId()));
        labels.put(MAP_INDEX, Integer.toString(ctx.mapIndex()));
        return labels;
    }

    /** The instance labels plus the try number. */
    static Map<String, String> tryLabels(TaskContext ctx) {
        Map<String, String> labels = instance(ctx);
        labels.put(TRY, Integer.toString(ctx.tryNumber()));
        return labels;
    }

    static Map<String, String> annotations(TaskContext ctx) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(PREFIX + "dag-id", ctx.dagId());
        a.put(PREFIX + "task-id", ctx.taskId());
        a.put(PREFIX + "run-id", ctx.runId());
        a.put(PREFIX + "map-index", Integer.toString(ctx.mapIndex()));
        a.put(PREFIX + "try-number", Integer.toString(ctx.tryNumber()));
        return a;
    }

    /** {@code <task>-<hash of dag, task, run, map index and try>}, a valid Job name (at most 63 characters). */
    static String jobName(TaskContext ctx) {
        String identity = ctx.dagId() + "\n" + ctx.taskId() + "\n" + ctx.runId() + "\n" + ctx.mapIndex() + "\n"
                + ctx.tryNumber();
        String task = LabelText.dnsPart(ctx.taskId(), 40);
        String index = ctx.mapIndex() >= 0 ? "-" + ctx.mapIndex() : "";
        return (task.isEmpty() ? "task" : task) + index + "-" + LabelText.hash(identity, 10);
    }
}
