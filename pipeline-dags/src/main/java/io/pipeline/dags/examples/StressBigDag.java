package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.task.TaskContext;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Load for a big DAG: {@value #MAX_TASKS} no-op tasks in {@value #LAYERS} layers of {@value #WIDTH}
 * ({@code t_000_00}..{@code t_099_49}; each task after the first layer waits for two of the layer before it), and
 * beside them a mapped task {@code mapped} expanding over {@code items}, a list of {@code mapped} integers. Triggered
 * by hand only. A DAG's tasks are code, not a run's params, so the layers are always defined; the {@code tasks}
 * param says how many of them run (rounded up to whole layers; the first layer always runs): each layer's tasks go
 * on while the next layer is within {@code tasks} and skip everything after it otherwise. {@code mapped} = 0 skips
 * the mapped task. The big-DAG benchmark (bench/bigdag.sh) runs it once with the 5,000 tasks and once with 50,000
 * mapped instances, and times the grid and the graph of each run.
 */
public final class StressBigDag implements DagDefinition {

    public static final String DAG_ID = "stress_big_dag";
    public static final int WIDTH = 50;
    public static final int LAYERS = 100;
    public static final int MAX_TASKS = WIDTH * LAYERS;
    public static final int DEFAULT_MAPPED = 50_000;
    /** As stress_fanout's: the largest expansion accepted. */
    public static final int MAX_MAPPED = 100_000;

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Stress: " + MAX_TASKS + " no-op tasks in layers (`tasks` of them run) and a mapped task"
                        + " of `mapped` instances")
                .owner("examples")
                .tags("example", "stress")
                .maxActiveTasks(10_000)
                .param(ParamSpec.integer("tasks").withDefault(MAX_TASKS)
                        .describedAs("layered tasks that run, 0.." + MAX_TASKS + " (whole layers of " + WIDTH
                                + "; the first layer always runs)"))
                .param(ParamSpec.integer("mapped").withDefault(DEFAULT_MAPPED)
                        .describedAs("instances of the mapped task, 0.." + MAX_MAPPED))
                .tasks(b -> {
                    TaskRef[] previous = new TaskRef[WIDTH];
                    for (int layer = 0; layer < LAYERS; layer++) {
                        TaskRef[] current = new TaskRef[WIDTH];
                        int nextLayerStart = (layer + 1) * WIDTH;
                        for (int slot = 0; slot < WIDTH; slot++) {
                            current[slot] = b.shortCircuit(taskId(layer, slot),
                                    ctx -> nextLayerStart < tasks(ctx));
                            if (layer > 0) {
                                previous[slot].then(current[slot]);
                                previous[(slot + 1) % WIDTH].then(current[slot]);
                            }
                        }
                        previous = current;
                    }
                    TaskRef items = b.task("items", StressBigDag::items);
                    items.then(b.task("mapped", ctx -> null).expand(items));
                })
                .build();
    }

    public static String taskId(int layer, int slot) {
        return "t_%03d_%02d".formatted(layer, slot);
    }

    private static List<Integer> items(TaskContext ctx) {
        Number mapped = ctx.param("mapped", Number.class);
        if (mapped == null || mapped.longValue() < 0 || mapped.longValue() > MAX_MAPPED) {
            throw new IllegalArgumentException("param 'mapped' of " + DAG_ID + " must be 0.." + MAX_MAPPED
                    + ", got " + mapped);
        }
        return IntStream.range(0, mapped.intValue()).boxed().toList();
    }

    static int tasks(TaskContext ctx) {
        Number tasks = ctx.param("tasks", Number.class);
        if (tasks == null || tasks.longValue() < 0 || tasks.longValue() > MAX_TASKS) {
            throw new IllegalArgumentException("param 'tasks' of " + DAG_ID + " must be 0.." + MAX_TASKS
                    + ", got " + tasks);
        }
        return tasks.intValue();
    }
}
