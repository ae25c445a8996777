package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.task.TaskContext;

/**
 * Load for the hop between tasks: a chain of {@code length} no-op links ({@code link_0000 >> link_0001 >> ...}),
 * triggered by hand only. The chain has {@value #MAX_LENGTH} links; each link goes on to the next while the
 * {@code length} param asks for more, and the first one past it skips the rest. The node benchmark measures its
 * wall time and the hop from one link's end to the next one's start.
 */
public final class StressChain implements DagDefinition {

    public static final String DAG_ID = "stress_chain";
    public static final int MAX_LENGTH = 1_000;

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Stress: a chain of `length` no-op tasks, for the hop between tasks")
                .owner("examples")
                .tags("example", "stress")
                .param(ParamSpec.integer("length").withDefault(MAX_LENGTH)
                        .describedAs("links of the chain, 1.." + MAX_LENGTH))
                .tasks(b -> {
                    TaskRef previous = null;
                    for (int i = 0; i < MAX_LENGTH; i++) {
                        int index = i;
                        TaskRef link = b.shortCircuit(linkId(i), ctx -> index + 1 < length(ctx));
                        if (previous != null) {
                            previous.then(link);
                        }
                        previous = link;
                    }
                })
                .build();
    }

    public static String linkId(int index) {
        return "link_%04d".formatted(index);
    }

    static int length(TaskContext ctx) {
        Number length = ctx.param("length", Number.class);
        if (length == null || length.longValue() < 1 || length.longValue() > MAX_LENGTH) {
            throw new IllegalArgumentException("param 'length' of " + DAG_ID + " must be 1.." + MAX_LENGTH
                    + ", got " + length);
        }
        return length.intValue();
    }
}
