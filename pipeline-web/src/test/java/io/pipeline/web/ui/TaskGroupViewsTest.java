package io.pipeline.web.ui;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DashboardQueries.Cell;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Task groups in the grid's JSON and the graph's layout and SVG. */
class TaskGroupViewsTest {

    /** start >> load[fetch >> checks[count, nulls]] >> publish, declared with publish first. */
    private static Dag dag() {
        return DagBuilder.dag("grp").tasks(b -> {
            var publish = b.task("publish", ctx -> 1);
            var start = b.task("start", ctx -> 1);
            var load = b.group("load", g -> {
                g.doc("vendor bars <raw>");
                var fetch = g.task("fetch", ctx -> 1);
                fetch.then(g.group("checks", c -> {
                    c.task("count", ctx -> 1);
                    c.task("nulls", ctx -> 1);
                }));
            });
            start.then(load).then(publish);
        }).build();
    }

    private static DagRunRow run(long pk, String id) {
        Instant at = Instant.parse("2026-01-05T00:00:00Z").plusSeconds(pk * 86_400);
        return new DagRunRow(pk, "grp", id, "manual", DagRunState.RUNNING, at, at, at, null, at, "{}", null, null, at,
                at, at, null, at);
    }

    @Test
    void the_grid_puts_each_group_before_its_members_with_airflows_summary_state() {
        List<Cell> cells = List.of(
                new Cell(1, "start", TaskState.SUCCESS, 1), new Cell(1, "load.fetch", TaskState.SUCCESS, 1),
                new Cell(1, "load.checks.count", TaskState.RUNNING, 1),
                new Cell(1, "load.checks.nulls", TaskState.QUEUED, 1), new Cell(1, "publish", TaskState.NONE, 1),
                new Cell(2, "start", TaskState.SUCCESS, 1), new Cell(2, "load.fetch", TaskState.SUCCESS, 1),
                new Cell(2, "load.checks.count", TaskState.FAILED, 1),
                new Cell(2, "load.checks.nulls", TaskState.SUCCESS, 1));

        GridData grid = GridData.of("grp", dag(), List.of(run(1, "r1"), run(2, "r2")), cells);

        assertThat(grid.tasks()).extracting(GridData.Task::id).containsExactly("start", "load", "load.fetch",
                "load.checks", "load.checks.count", "load.checks.nulls", "publish");
        assertThat(grid.tasks()).extracting(GridData.Task::group).containsExactly(false, true, false, true, false,
                false, false);
        assertThat(grid.tasks()).extracting(GridData.Task::parent).containsExactly(null, null, "load", "load",
                "load.checks", "load.checks", null);
        assertThat(grid.tasks()).extracting(GridData.Task::depth).containsExactly(0, 0, 1, 1, 2, 2, 0);
        // run 1: queued wins over running (Airflow's order); run 2: a failure anywhere in the group shows
        assertThat(grid.rows()).containsExactly("ss", "qf", "ss", "qf", "rf", "qs", "n.");
    }

    @Test
    void a_collapsed_group_is_one_node_carrying_the_edges_of_its_tasks() {
        GraphLayout.Layout collapsed = GraphLayout.of(dag());

        assertThat(collapsed.byId()).containsOnlyKeys("start", "load", "publish");
        assertThat(collapsed.upstream()).containsEntry("load", Set.of("start")).containsEntry("publish",
                Set.of("load"));

        GraphLayout.Layout open = GraphLayout.of(dag(), Set.of("load"));
        assertThat(open.byId()).containsOnlyKeys("start", "load.fetch", "load.checks", "publish");
        assertThat(open.upstream()).containsEntry("load.checks", Set.of("load.fetch"))
                .containsEntry("publish", Set.of("load.checks"));
        assertThat(open.byId().get("load.fetch").x()).isLessThan(open.byId().get("load.checks").x());

        GraphLayout.Layout all = GraphLayout.of(dag(), Set.of("load", "load.checks"));
        assertThat(all.byId()).containsOnlyKeys("start", "load.fetch", "load.checks.count", "load.checks.nulls",
                "publish");
    }

    @Test
    void the_svg_links_a_collapsed_group_to_its_expansion_and_an_expanded_one_to_its_collapse() {
        String collapsed = GraphSvg.draw(dag(), Set.of(), Map.of("load", TaskState.FAILED), Map.of(), Map.of(),
                open -> "/g?expand=" + String.join(",", open));

        assertThat(collapsed).contains("class=\"node group st-failed\" data-task=\"load\"")
                .contains("href=\"/g?expand=load\"").doesNotContain("data-task=\"load.fetch\"")
                .contains("vendor bars &lt;raw&gt;");

        String expanded = GraphSvg.draw(dag(), Set.of("load"), Map.of(), Map.of(), Map.of(),
                open -> "/g?expand=" + String.join(",", open));
        assertThat(expanded).contains("data-task=\"load.fetch\"").contains("class=\"group-box\"")
                .contains("href=\"/g?expand=\"").contains("href=\"/g?expand=load,load.checks\"");
    }
}
