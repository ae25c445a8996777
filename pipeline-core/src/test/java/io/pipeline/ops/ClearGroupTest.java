package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Clear and mark take a task group's id for all of the group's tasks. */
class ClearGroupTest {

    static final String ID = "grouped_ops";
    static final String RUN = "run_2026-01-05";
    static OpsTestKit kit;

    static Dag dag() {
        return DagBuilder.dag(ID)
                .tasks(b -> {
                    var start = b.task("start", ctx -> null);
                    var load = b.group("load", g -> {
                        var fetch = g.task("fetch", ctx -> null);
                        fetch.then(g.group("checks", c -> c.task("count", ctx -> null)));
                    });
                    start.then(load).then(b.task("publish", ctx -> null));
                })
                .build();
    }

    @BeforeAll
    static void database() {
        kit = new OpsTestKit(ClearGroupTest.class, 2, dag());
    }

    @BeforeEach
    void run() {
        kit.deleteAllRuns();
        kit.run(ID, "2026-01-05");
        for (String t : List.of("start", "load.fetch", "load.checks.count", "publish")) {
            kit.setTi(ID, RUN, t, TaskState.SUCCESS, 1);
        }
        kit.setRunState(ID, RUN, DagRunState.SUCCESS);
    }

    @Test
    void clearing_a_group_clears_its_tasks_and_nested_groups_only() {
        List<TiRef> cleared = kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("load"), RunScope.run(RUN)),
                OpsTestKit.alice());

        assertThat(cleared).extracting(TiRef::taskId).containsExactly("load.fetch", "load.checks.count");
        assertThat(kit.ti(ID, RUN, "load.fetch").state()).isEqualTo(TaskState.NONE);
        assertThat(kit.ti(ID, RUN, "load.checks.count").state()).isEqualTo(TaskState.NONE);
        assertThat(kit.ti(ID, RUN, "start").state()).isEqualTo(TaskState.SUCCESS);
        assertThat(kit.ti(ID, RUN, "publish").state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void a_group_with_downstream_takes_the_tasks_after_it_too() {
        List<TiRef> planned = kit.ops.clear(new ClearRequest(ID, TaskScope.ids("load.checks").withDownstream(true),
                RunScope.run(RUN), false, false, true, true), OpsTestKit.alice());

        assertThat(planned).extracting(TiRef::taskId).containsExactly("load.checks.count", "publish");
    }

    @Test
    void marking_a_group_failed_marks_each_of_its_tasks() {
        kit.ops.mark(MarkRequest.of(ID, TaskScope.ids("load"), RunScope.run(RUN), TaskState.FAILED),
                OpsTestKit.alice());

        assertThat(kit.ti(ID, RUN, "load.fetch").state()).isEqualTo(TaskState.FAILED);
        assertThat(kit.ti(ID, RUN, "load.checks.count").state()).isEqualTo(TaskState.FAILED);
        assertThat(kit.ti(ID, RUN, "publish").state()).isEqualTo(TaskState.SUCCESS);
    }
}
