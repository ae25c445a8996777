package io.pipeline.web.ui;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.dag.TaskKind;
import io.pipeline.state.TriggerRule;
import io.pipeline.state.TaskState;

import java.util.Map;

/**
 * The graph view's SVG: the {@link GraphLayout} drawn as boxes and curved edges. Each node carries its task id and
 * state as attributes ({@code data-task}, class {@code st-<state>}) for the page's script to recolour while the run
 * goes on; each shows its trigger rule, emphasised when it is not the default all_success.
 */
final class GraphSvg {

    private GraphSvg() {
    }

    /**
     * @param states task id to the state shown (mapped tasks: their most urgent), empty without a run
     * @param links  task id to the task-instance page, empty without a run
     */
    static String draw(Dag dag, Map<String, TaskState> states, Map<String, Integer> mappedCounts,
                       Map<String, String> links) {
        GraphLayout.Layout layout = GraphLayout.of(dag);
        Svg svg = new Svg(layout.width(), layout.height(), "graph");
        svg.open("g", "class", "edges");
        for (GraphLayout.Node n : layout.nodes()) {
            for (String up : n.task().upstream()) {
                GraphLayout.Node from = layout.byId().get(up);
                double x1 = from.x() + GraphLayout.NODE_W;
                double y1 = from.y() + GraphLayout.NODE_H / 2;
                double x2 = n.x();
                double y2 = n.y() + GraphLayout.NODE_H / 2;
                double mid = (x1 + x2) / 2;
                svg.el("path", "class", "edge", "d", "M" + Svg.num(x1) + "," + Svg.num(y1) + " C" + Svg.num(mid) + ","
                        + Svg.num(y1) + " " + Svg.num(mid) + "," + Svg.num(y2) + " " + Svg.num(x2) + "," + Svg.num(y2));
            }
        }
        svg.close("g");
        for (GraphLayout.Node n : layout.nodes()) {
            node(svg, n, states.get(n.task().taskId()), mappedCounts.get(n.task().taskId()),
                    links.get(n.task().taskId()));
        }
        return svg.end();
    }

    private static void node(Svg svg, GraphLayout.Node n, TaskState state, Integer mapped, String link) {
        TaskDef t = n.task();
        String stateName = state == null ? "none" : state.value();
        if (link != null) {
            svg.open("a", "href", link);
        }
        svg.open("g", "class", "node st-" + stateName, "data-task", t.taskId(),
                "transform", "translate(" + Svg.num(n.x()) + "," + Svg.num(n.y()) + ")");
        svg.title(t.taskId() + " (" + kind(t) + ", trigger rule " + t.triggerRule().value() + ")"
                + (state == null ? "" : ": " + stateName));
        svg.el("rect", "width", GraphLayout.NODE_W, "height", GraphLayout.NODE_H, "rx", 5.0);
        String label = t.taskId().length() > 26 ? t.taskId().substring(0, 25) + "…" : t.taskId();
        svg.text("text", label + (mapped == null ? "" : " [" + mapped + "]"), "x", 8.0, "y", 18.0, "class", "id");
        boolean custom = t.triggerRule() != TriggerRule.ALL_SUCCESS;
        svg.text("text", kind(t) + " · " + t.triggerRule().value(), "x", 8.0, "y", 36.0,
                "class", custom ? "rule custom" : "rule");
        svg.close("g");
        if (link != null) {
            svg.close("a");
        }
    }

    private static String kind(TaskDef t) {
        String k = t.kind() == TaskKind.SHORT_CIRCUIT ? "short-circuit" : t.kind().name().toLowerCase();
        return t.isMapped() ? k + ", mapped" : k;
    }
}
