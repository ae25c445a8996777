package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DagIndexTest {

    @Test
    void a_chain_link_has_one_downstream_task_that_waits_for_it_alone() {
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

        assertThat(index.chainLink("join")).as("after waits for join alone, and join has no other downstream")
                .isTrue();
        assertThat(index.chainLink("start")).as("three tasks wait for start: its successors share what it leaves")
                .isFalse();
        assertThat(index.chainLink("left")).as("join waits for left and right").isFalse();
        assertThat(index.chainLink("right")).isFalse();
        assertThat(index.chainLink("after")).as("a leaf").isFalse();
        assertThat(index.chainLink("work")).isFalse();
        assertThat(index.chainLink("missing")).isFalse();
        Dag fan = DagBuilder.dag("index_fan").tasks(g -> {
            TaskRef items = g.task("items", ctx -> List.of(1, 2));
            items.then(g.task("each", ctx -> ctx.mapItem(Integer.class)).expand(items));
        }).build();
        assertThat(new DagIndex(fan).chainLink("items")).as("one mapped task waits for items alone").isTrue();
    }
}
