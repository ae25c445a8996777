package io.pipeline.web.ui;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DashboardQueries;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard's pure parts: grid building, graph layout, conf form, SVG escaping. */
class DashboardUnitsTest {

    @Test
    void the_grid_has_a_code_per_run_and_task_and_summarises_mapped_instances() {
        Dag dag = DagBuilder.dag("g").tasks(b -> {
            TaskRef list = b.task("list", ctx -> List.of(1, 2, 3));
            TaskRef each = b.task("each", ctx -> 1).expand(list);
            each.then(b.task("after", ctx -> 1));
        }).build();
        List<DagRunRow> runs = List.of(run(1, "r1", DagRunState.SUCCESS), run(2, "r2", DagRunState.RUNNING));
        List<DashboardQueries.Cell> cells = List.of(
                new DashboardQueries.Cell(1, "list", TaskState.SUCCESS, 1), new DashboardQueries.Cell(1, "each", TaskState.SUCCESS, 3),
                new DashboardQueries.Cell(1, "after", TaskState.SUCCESS, 1), new DashboardQueries.Cell(2, "list", TaskState.SUCCESS, 1),
                new DashboardQueries.Cell(2, "each", TaskState.SUCCESS, 2), new DashboardQueries.Cell(2, "each", TaskState.FAILED, 1),
                new DashboardQueries.Cell(2, "gone", TaskState.REMOVED, 1));

        GridData grid = GridData.of("g", dag, runs, cells);

        assertThat(grid.tasks()).extracting(GridData.Task::id).containsExactly("list", "each", "after", "gone");
        assertThat(grid.rows()).containsExactly("ss", "sf", "s.", ".x");
        assertThat(grid.mapped()).containsOnlyKeys("1,0", "1,1");
        assertThat(grid.mapped().get("1,1")).containsEntry("success", 2).containsEntry("failed", 1);
        assertThat(grid.active()).isTrue();
    }

    @Test
    void the_graph_puts_each_task_one_layer_after_its_deepest_upstream() {
        Dag dag = DagBuilder.dag("l").tasks(b -> {
            TaskRef a = b.task("a", ctx -> 1);
            TaskRef c = b.task("c", ctx -> 1);
            TaskRef d = b.task("d", ctx -> 1);
            a.then(c).then(d);
            a.then(d);
        }).build();
        GraphLayout.Layout layout = GraphLayout.of(dag);
        assertThat(layout.byId().get("a").x()).isLessThan(layout.byId().get("c").x());
        assertThat(layout.byId().get("c").x()).isLessThan(layout.byId().get("d").x());
        String svg = GraphSvg.draw(dag, Map.of("c", TaskState.FAILED), Map.of(), Map.of("c", "/x?a=1&b=2"));
        assertThat(svg).contains("class=\"node st-failed\" data-task=\"c\"").contains("href=\"/x?a=1&amp;b=2\"");
    }

    @Test
    void svg_text_and_attributes_are_escaped() {
        String svg = new Svg(10, 10, "x").text("text", "<script>alert('x')</script>", "data-v", "\"><b>").end();
        assertThat(svg).doesNotContain("<script>").doesNotContain("\"><b>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").contains("&quot;&gt;&lt;b&gt;");
    }

    @Test
    void the_conf_form_turns_fields_into_typed_values_and_names_bad_ones() {
        Map<String, ParamSpec> params = new java.util.LinkedHashMap<>();
        params.put("n", ParamSpec.integer("n"));
        params.put("x", ParamSpec.number("x"));
        params.put("on", ParamSpec.bool("on"));
        params.put("list", ParamSpec.array("list"));
        params.put("name", ParamSpec.string("name").withDefault("abc"));
        Map<String, Object> conf = ConfForm.conf(params, Map.of("n", "12", "x", "1.5", "on", "true",
                "list", "[1, \"a\"]", "name", " "));
        assertThat(conf).containsEntry("n", 12L).containsEntry("on", true).containsEntry("list", List.of(1, "a"))
                .doesNotContainKey("name");
        assertThat(conf.get("x").toString()).isEqualTo("1.5");
        assertThatThrownBy(() -> ConfForm.conf(params, Map.of("n", "twelve", "on", "yes")))
                .hasMessageContaining("param 'n' must be integer").hasMessageContaining("param 'on' must be boolean");
        assertThat(ConfForm.fields(params, Map.of())).extracting(ConfForm.Field::value)
                .containsExactly("", "", "", "", "abc");
    }

    @Test
    void the_calendar_marks_holidays_and_early_closes_and_colours_days_by_their_worst_run() {
        TreeMap<LocalDate, String> holidays = new TreeMap<>(Map.of(LocalDate.of(2025, 7, 4), "Independence <Day>"));
        String svg = CalendarSvg.draw(2025, Map.of(LocalDate.of(2025, 7, 3),
                        Map.of(DagRunState.SUCCESS, 2, DagRunState.FAILED, 1)), holidays,
                Set.of(LocalDate.of(2025, 7, 3)), Map.of());
        assertThat(svg).contains("class=\"day run-failed\" x=").contains("2025-07-03 Thu · early close")
                .contains("class=\"day empty holiday\"").contains("holiday: Independence &lt;Day&gt;");
    }

    @Test
    void the_calendar_outlines_overridden_days_with_the_reason() {
        TreeMap<LocalDate, String> holidays = new TreeMap<>(Map.of(LocalDate.of(2025, 7, 7), "Day of <mourning>"));
        String svg = CalendarSvg.draw(2025, Map.of(), holidays, Set.of(),
                Map.of(LocalDate.of(2025, 7, 7), "Day of <mourning>"));
        assertThat(svg).contains("class=\"day empty holiday override\"")
                .contains("override: Day of &lt;mourning&gt;");
        assertThat(svg.split("override\"", -1)).hasSize(2);
    }

    private static DagRunRow run(long id, String runId, DagRunState state) {
        Instant t = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(id * 86400);
        return new DagRunRow(id, "g", runId, "manual", state, t, t, t, null, t, "{}", null, null, t, t, t, null, t);
    }
}
