package io.pipeline.web.ui;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.dag.TaskGroups;
import io.pipeline.dag.TaskKind;
import io.pipeline.state.TaskGroupState;
import io.pipeline.state.TriggerRule;
import io.pipeline.state.TaskState;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The graph view's SVG: the {@link GraphLayout} drawn as boxes and curved edges. Each node carries its task id and
 * state as attributes ({@code data-task}, class {@code st-<state>}) for the page's script to recolour while the run
 * goes on; each shows its trigger rule, emphasised when it is not the default all_success. A collapsed task group is
 * one dashed node (its summary state, a link that expands it); an expanded one is a dashed box around its members
 * with a link that collapses it.
 */
final class GraphSvg {

    private GraphSvg() {
    }

    /** Every group collapsed, no links to toggle them. */
    static String draw(Dag dag, Map<String, TaskState> states, Map<String, Map<TaskState, Integer>> mappedCounts,
                       Map<String, String> links) {
        return draw(dag, Set.of(), states, mappedCounts, links, null);
    }

    /**
     * @param expanded the task groups shown open
     * @param states   task or group id to the state shown (mapped tasks: their most urgent), empty without a run
     * @param mappedCounts a mapped task's instances counted by state (one node per mapped task, however many
     *                     instances it has), empty without a run
     * @param links    task id to the task-instance page, empty without a run
     * @param toggle   the page's URL for another set of expanded groups, or null for no links
     */
    static String draw(Dag dag, Set<String> expanded, Map<String, TaskState> states,
                       Map<String, Map<TaskState, Integer>> mappedCounts, Map<String, String> links,
                       Function<Set<String>, String> toggle) {
        GraphLayout.Layout layout = GraphLayout.of(dag, expanded);
        Svg svg = new Svg(layout.width(), layout.height(), "graph");
        groupBoxes(svg, dag, layout, expanded, toggle);
        svg.open("g", "class", "edges");
        for (GraphLayout.Node n : layout.nodes()) {
            for (String up : layout.upstream().get(n.id())) {
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
            if (dag.taskGroups().isGroup(n.id())) {
                Set<String> open = new LinkedHashSet<>(expanded);
                open.add(n.id());
                group(svg, dag.taskGroups(), n, states.get(n.id()), toggle == null ? null : toggle.apply(open));
            } else {
                node(svg, n, dag.task(n.id()), states.get(n.id()), mappedCounts.get(n.id()), links.get(n.id()));
            }
        }
        return svg.end();
    }

    /** A dashed box around the visible members of each expanded group, its label a link that collapses it. */
    private static void groupBoxes(Svg svg, Dag dag, GraphLayout.Layout layout, Set<String> expanded,
                                   Function<Set<String>, String> toggle) {
        TaskGroups groups = dag.taskGroups();
        for (String g : expanded) {
            if (!groups.isGroup(g)) {
                continue;
            }
            List<GraphLayout.Node> members = layout.nodes().stream()
                    .filter(n -> n.id().startsWith(g + ".") && (groups.isGroup(n.id()) || groups.tasksIn(g)
                            .contains(n.id()))).toList();
            if (members.isEmpty()) {
                continue; // an enclosing group is collapsed
            }
            double x = members.stream().mapToDouble(GraphLayout.Node::x).min().orElseThrow() - 8;
            double y = members.stream().mapToDouble(GraphLayout.Node::y).min().orElseThrow() - 24;
            double x2 = members.stream().mapToDouble(GraphLayout.Node::x).max().orElseThrow() + GraphLayout.NODE_W + 8;
            double y2 = members.stream().mapToDouble(GraphLayout.Node::y).max().orElseThrow() + GraphLayout.NODE_H + 8;
            Set<String> closed = new LinkedHashSet<>(expanded);
            closed.remove(g);
            if (toggle != null) {
                svg.open("a", "href", toggle.apply(closed), "class", "group-toggle", "data-group", g);
            }
            svg.open("g", "class", "group-expanded", "data-group", g);
            svg.title("task group " + g + " (click to collapse)");
            svg.el("rect", "class", "group-box", "x", x, "y", y, "width", x2 - x, "height", y2 - y, "rx", 8.0);
            svg.text("text", "▾ " + g, "x", x + 8, "y", y + 15, "class", "group-box-label");
            svg.close("g");
            if (toggle != null) {
                svg.close("a");
            }
        }
    }

    private static void group(Svg svg, TaskGroups groups, GraphLayout.Node n, TaskState state, String expandLink) {
        String stateName = state == null ? "none" : state.value();
        if (expandLink != null) {
            svg.open("a", "href", expandLink, "class", "group-toggle", "data-group", n.id());
        }
        svg.open("g", "class", "node group st-" + stateName, "data-task", n.id(), "data-group", "true",
                "transform", "translate(" + Svg.num(n.x()) + "," + Svg.num(n.y()) + ")");
        int size = groups.tasksIn(n.id()).size();
        String doc = groups.group(n.id()).doc();
        svg.title("task group " + n.id() + ", " + size + " tasks" + (state == null ? "" : ": " + stateName)
                + (doc == null ? "" : " · " + doc) + " (click to expand)");
        svg.el("rect", "width", GraphLayout.NODE_W, "height", GraphLayout.NODE_H, "rx", 5.0);
        String label = n.id().length() > 24 ? n.id().substring(0, 23) + "…" : n.id();
        svg.text("text", "▸ " + label, "x", 8.0, "y", 18.0, "class", "id");
        svg.text("text", "task group · " + size + " tasks", "x", 8.0, "y", 36.0, "class", "rule");
        svg.close("g");
        if (expandLink != null) {
            svg.close("a");
        }
    }

    private static void node(Svg svg, GraphLayout.Node n, TaskDef t, TaskState state,
                             Map<TaskState, Integer> mapped, String link) {
        String stateName = state == null ? "none" : state.value();
        if (link != null) {
            svg.open("a", "href", link);
        }
        svg.open("g", "class", "node st-" + stateName, "data-task", t.taskId(),
                "transform", "translate(" + Svg.num(n.x()) + "," + Svg.num(n.y()) + ")");
        svg.title(t.taskId() + " (" + kind(t) + ", trigger rule " + t.triggerRule().value() + ")"
                + (state == null ? "" : ": " + stateName) + (mapped == null ? "" : "; " + counts(mapped)));
        svg.el("rect", "width", GraphLayout.NODE_W, "height", GraphLayout.NODE_H, "rx", 5.0);
        String label = t.taskId().length() > 26 ? t.taskId().substring(0, 25) + "…" : t.taskId();
        svg.text("text", label + (mapped == null ? "" : " [" + total(mapped) + "]"), "x", 8.0, "y", 18.0,
                "class", "id");
        boolean custom = t.triggerRule() != TriggerRule.ALL_SUCCESS;
        svg.text("text", kind(t) + " · " + t.triggerRule().value(), "x", 8.0, "y", 36.0,
                "class", custom ? "rule custom" : "rule");
        svg.close("g");
        if (link != null) {
            svg.close("a");
        }
    }

    private static int total(Map<TaskState, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** {@code 50,000 instances: success 49,984, running 16}, states in Airflow's order of urgency. */
    static String counts(Map<TaskState, Integer> counts) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%,d instances:", total(counts)));
        String sep = " ";
        for (TaskState s : TaskGroupState.PRIORITY) {
            Integer n = counts.get(s);
            if (n != null && n > 0) {
                out.append(sep).append(s.value()).append(' ').append(String.format(Locale.ROOT, "%,d", n));
                sep = ", ";
            }
        }
        return out.toString();
    }

    private static String kind(TaskDef t) {
        String k = t.kind() == TaskKind.SHORT_CIRCUIT ? "short-circuit" : t.kind().name().toLowerCase();
        return t.isMapped() ? k + ", mapped" : k;
    }
}
