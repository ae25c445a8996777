package io.pipeline.dag;

import io.pipeline.state.TaskGroupState;
import io.pipeline.state.TaskState;
import io.pipeline.state.TriggerRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskGroupTest {

    /** start >> extract[a >> b, c] >> load[fetch >> checks[count, nulls]] >> publish */
    private static Dag dag() {
        return DagBuilder.dag("grouped")
                .defaults(d -> d.retries(1).pool("default_pool"))
                .tasks(b -> {
                    var start = b.task("start", ctx -> null);
                    var extract = b.group("extract", g -> {
                        g.task("a", ctx -> null).then(g.task("b", ctx -> null));
                        g.task("c", ctx -> null).retries(7);
                    });
                    var load = b.group("load", g -> {
                        g.defaults(d -> d.retries(3).pool("vendor").triggerRule(TriggerRule.ALL_DONE));
                        var fetch = g.task("fetch", ctx -> null);
                        var checks = g.group("checks", c -> {
                            c.defaults(d -> d.retryDelay(Duration.ofSeconds(9)));
                            c.task("count", ctx -> null);
                            c.task("nulls", ctx -> null).pool("db");
                        });
                        fetch.then(checks);
                    });
                    start.then(extract).then(load).then(b.task("publish", ctx -> null));
                })
                .build();
    }

    @Test
    void task_ids_are_prefixed_by_their_groups_as_in_airflow() {
        assertThat(dag().taskIds()).containsExactlyInAnyOrder("start", "extract.a", "extract.b", "extract.c",
                "load.fetch", "load.checks.count", "load.checks.nulls", "publish");
    }

    @Test
    void group_to_group_edges_join_the_leaves_of_one_to_the_roots_of_the_next() {
        Dag dag = dag();

        assertThat(dag.task("extract.a").upstream()).containsExactly("start");
        assertThat(dag.task("extract.c").upstream()).containsExactly("start");
        assertThat(dag.task("extract.b").upstream()).containsExactly("extract.a");
        assertThat(dag.task("load.fetch").upstream()).containsExactlyInAnyOrder("extract.b", "extract.c");
        assertThat(dag.task("load.checks.count").upstream()).containsExactly("load.fetch");
        assertThat(dag.task("load.checks.nulls").upstream()).containsExactly("load.fetch");
        assertThat(dag.task("publish").upstream()).containsExactlyInAnyOrder("load.checks.count",
                "load.checks.nulls");
    }

    @Test
    void group_defaults_apply_over_the_dags_and_under_the_tasks_own_settings() {
        Dag dag = dag();

        assertThat(dag.task("extract.a").retryPolicy().retries()).isEqualTo(1);
        assertThat(dag.task("extract.c").retryPolicy().retries()).isEqualTo(7);
        assertThat(dag.task("load.fetch").retryPolicy().retries()).isEqualTo(3);
        assertThat(dag.task("load.fetch").pool()).isEqualTo("vendor");
        assertThat(dag.task("load.fetch").triggerRule()).isEqualTo(TriggerRule.ALL_DONE);
        assertThat(dag.task("load.checks.count").pool()).as("inherited from the enclosing group").isEqualTo("vendor");
        assertThat(dag.task("load.checks.count").retryPolicy().delay()).isEqualTo(Duration.ofSeconds(9));
        assertThat(dag.task("load.checks.nulls").pool()).isEqualTo("db");
        assertThat(dag.task("publish").pool()).isEqualTo("default_pool");
        assertThat(dag.task("publish").triggerRule()).isEqualTo(TriggerRule.ALL_SUCCESS);
    }

    @Test
    void the_dag_keeps_the_group_tree() {
        TaskGroups groups = dag().taskGroups();

        assertThat(groups.all()).extracting(TaskGroupDef::groupId).containsExactly("extract", "load", "load.checks");
        assertThat(groups.group("load").groupIds()).containsExactly("load.checks");
        assertThat(groups.group("load.checks").parentId()).isEqualTo("load");
        assertThat(groups.tasksIn("load")).containsExactly("load.fetch", "load.checks.count", "load.checks.nulls");
        assertThat(groups.groupOf("load.checks.nulls")).isEqualTo("load.checks");
        assertThat(groups.ancestorsOf("load.checks.nulls")).containsExactly("load", "load.checks");
        assertThat(groups.groupOf("start")).isNull();
        assertThat(groups.isGroup("load")).isTrue();
        assertThat(groups.isGroup("load.fetch")).isFalse();
    }

    @Test
    void bad_groups_are_reported_naming_the_group() {
        assertThatThrownBy(() -> DagBuilder.dag("bad").tasks(b -> {
            b.group("has.dot", g -> g.task("x", ctx -> null));
            b.group("empty", g -> { });
            b.group("twice", g -> g.task("y", ctx -> null));
            b.group("twice", g -> g.task("z", ctx -> null));
            b.task("clash", ctx -> null);
            b.group("clash", g -> g.task("w", ctx -> null));
        }).build())
                .isInstanceOf(DagValidationException.class)
                .hasMessageContaining("task group 'has.dot': invalid group id")
                .hasMessageContaining("task group 'empty': has no tasks")
                .hasMessageContaining("task group 'twice': duplicate group id")
                .hasMessageContaining("task group 'clash': a task has the same id");
    }

    @Test
    void a_group_shows_airflows_summary_of_its_task_states() {
        assertThat(TaskGroupState.summary(Set.of(TaskState.SUCCESS, TaskState.FAILED, TaskState.RUNNING)))
                .contains(TaskState.FAILED);
        assertThat(TaskGroupState.summary(Set.of(TaskState.SUCCESS, TaskState.RUNNING, TaskState.QUEUED)))
                .as("Airflow puts queued before running").contains(TaskState.QUEUED);
        assertThat(TaskGroupState.summary(Set.of(TaskState.SUCCESS, TaskState.NONE))).contains(TaskState.NONE);
        assertThat(TaskGroupState.summary(Set.of(TaskState.SUCCESS, TaskState.SKIPPED))).contains(TaskState.SUCCESS);
        assertThat(TaskGroupState.summary(Set.of(TaskState.SKIPPED, TaskState.REMOVED))).contains(TaskState.SKIPPED);
        assertThat(TaskGroupState.summary(List.of())).isEmpty();
        assertThat(TaskGroupState.PRIORITY).as("every state has its place").containsExactlyInAnyOrder(
                TaskState.values());
    }
}
