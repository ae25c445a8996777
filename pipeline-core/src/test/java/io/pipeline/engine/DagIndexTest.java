package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DagIndexTest {

    @Test
    void a_task_is_a_sole_upstream_when_some_task_waits_for_it_alone() {
        Dag dag = DagBuilder.dag("index_shapes").tasks(g -> {
            TaskRef start = g.task("start", ctx -> List.of(1, 2));
            TaskRef left = g.task("left", ctx -> null);
            TaskRef right = g.task("right", ctx -> null);
            TaskRef join = g.task("join", ctx -> null);
            TaskRef work = g.task("work", ctx -> ctx.mapItem(Integer.class)).expand(start);
            TaskRef after = g.task("after", ctx -> null);
            start.then(left, right);
            left.then(join);
            right.then(join);
            join.then(after);
        }).build();
        DagIndex index = new DagIndex(dag);

        assertThat(index.soleUpstreamOfSome("start")).as("left, right and the mapped work wait for start alone")
                .isTrue();
        assertThat(index.soleUpstreamOfSome("join")).as("after waits for join alone").isTrue();
        assertThat(index.soleUpstreamOfSome("left")).as("join waits for left and right").isFalse();
        assertThat(index.soleUpstreamOfSome("right")).isFalse();
        assertThat(index.soleUpstreamOfSome("after")).as("a leaf").isFalse();
        assertThat(index.soleUpstreamOfSome("work")).isFalse();
        assertThat(index.soleUpstreamOfSome("missing")).isFalse();
    }
}
