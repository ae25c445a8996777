package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.task.TaskContext;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Load for the engine: one start task, a dynamic fan-out of {@code width} instances that each sleep {@code sleep_ms},
 * and a join that checks every instance delivered. Triggered by hand only (no schedule); two retries a second apart. The crash-safety tests kill
 * nodes while its instances run; the scale-out benchmark measures its throughput. It declares no alert policy: the
 * retries of tries lost with a killed node are the point of it, not news.
 */
public final class StressFanout implements DagDefinition {

    public static final String DAG_ID = "stress_fanout";
    public static final int DEFAULT_WIDTH = 100;
    public static final int DEFAULT_SLEEP_MS = 10;
    /** The largest fan-out accepted: beyond it a run would hold more TIs than one mapped task may expand to. */
    public static final int MAX_WIDTH = 100_000;

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Stress: a fan-out of `width` instances sleeping `sleep_ms` each, then a join")
                .owner("examples")
                .tags("example", "stress")
                .maxActiveTasks(10_000)
                // a try lost with its node (kill -9) is retried on another one
                .defaults(d -> d.retries(2).retryDelay(Duration.ofSeconds(1)))
                .param(ParamSpec.integer("width").withDefault(DEFAULT_WIDTH)
                        .describedAs("instances of the fan-out, 1.." + MAX_WIDTH))
                .param(ParamSpec.integer("sleep_ms").withDefault(DEFAULT_SLEEP_MS)
                        .describedAs("milliseconds each instance sleeps, >= 0"))
                .tasks(b -> {
                    TaskRef start = b.task("start", StressFanout::items);
                    TaskRef work = b.task("work", StressFanout::work).expand(start);
                    TaskRef join = b.task("join", StressFanout::join);
                    start.then(work).then(join);
                })
                .build();
    }

    private static List<Integer> items(TaskContext ctx) {
        int width = width(ctx);
        ctx.log().info("fanning out to {} instances sleeping {} ms each", width, sleepMs(ctx));
        return IntStream.range(0, width).boxed().toList();
    }

    /** Sleeps interruptibly: a clear, a timeout or a stopping node interrupts the thread and ends the try. */
    private static int work(TaskContext ctx) throws InterruptedException {
        int item = ctx.mapItem(Integer.class);
        long sleep = sleepMs(ctx);
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
        return item;
    }

    private static int join(TaskContext ctx) {
        List<Integer> items = ctx.inputs("work", Integer.class);
        int width = width(ctx);
        if (items.size() != width || !items.equals(IntStream.range(0, width).boxed().toList())) {
            throw new IllegalStateException("expected the outputs 0.." + (width - 1) + " of 'work', got "
                    + items.size() + " outputs");
        }
        ctx.log().info("all {} instances delivered", width);
        return width;
    }

    static int width(TaskContext ctx) {
        Number width = ctx.param("width", Number.class);
        if (width == null || width.longValue() < 1 || width.longValue() > MAX_WIDTH) {
            throw new IllegalArgumentException("param 'width' of " + DAG_ID + " must be 1.." + MAX_WIDTH
                    + ", got " + width);
        }
        return width.intValue();
    }

    static long sleepMs(TaskContext ctx) {
        Number sleep = ctx.param("sleep_ms", Number.class);
        if (sleep == null || sleep.longValue() < 0) {
            throw new IllegalArgumentException("param 'sleep_ms' of " + DAG_ID + " must be >= 0, got " + sleep);
        }
        return sleep.longValue();
    }
}
