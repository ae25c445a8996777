package io.pipeline.web.ui;

import io.pipeline.store.TaskInstanceRow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The Gantt chart of one run: a row per task instance, a bar from its start to its end (to now while it runs), the
 * time it waited in the queue before it as a paler bar, a time axis in seconds from the run's first start.
 */
final class GanttSvg {

    private static final double LABEL_W = 230;
    private static final double CHART_W = 760;
    private static final double ROW_H = 20;
    private static final double TOP = 24;

    private GanttSvg() {
    }

    static String draw(List<TaskInstanceRow> tis, Instant now, Function<TaskInstanceRow, String> link) {
        List<TaskInstanceRow> started = tis.stream().filter(t -> t.startDate() != null).toList();
        double height = TOP + Math.max(1, started.size()) * ROW_H + 8;
        Svg svg = new Svg(LABEL_W + CHART_W + 20, height, "gantt");
        if (started.isEmpty()) {
            svg.text("text", "No task instance of this run has started yet.", "x", 8.0, "y", 18.0);
            return svg.end();
        }
        Instant t0 = started.stream().map(t -> t.queuedAt() != null && t.queuedAt().isBefore(t.startDate())
                ? t.queuedAt() : t.startDate()).min(Instant::compareTo).orElseThrow();
        Instant t1 = started.stream().map(t -> t.endDate() == null ? now : t.endDate()).max(Instant::compareTo)
                .orElseThrow();
        double span = Math.max(1, Duration.between(t0, t1).toMillis());
        axis(svg, span, height);
        double y = TOP;
        for (TaskInstanceRow t : started) {
            String label = t.taskId() + (t.mapIndex() >= 0 ? "[" + t.mapIndex() + "]" : "");
            svg.open("a", "href", link.apply(t));
            svg.text("text", label.length() > 34 ? label.substring(0, 33) + "…" : label, "x", 4.0,
                    "y", y + 14, "class", "label");
            if (t.queuedAt() != null && t.queuedAt().isBefore(t.startDate())) {
                svg.el("rect", "class", "queued", "x", x(t0, t.queuedAt(), span), "y", y + 4,
                        "width", w(t.queuedAt(), t.startDate(), span), "height", ROW_H - 8);
            }
            Instant end = t.endDate() == null ? now : t.endDate();
            svg.open("rect", "class", "bar st-" + t.state().value(), "x", x(t0, t.startDate(), span), "y", y + 3,
                    "width", Math.max(2, w(t.startDate(), end, span)), "height", ROW_H - 6);
            svg.title(label + ": " + t.state().value() + ", started " + Fmt.instant(t.startDate())
                    + (t.endDate() == null ? ", still running" : ", took " + Fmt.duration(t.startDate(), end))
                    + ", try " + t.tryNumber());
            svg.close("rect");
            svg.close("a");
            y += ROW_H;
        }
        return svg.end();
    }

    private static void axis(Svg svg, double spanMs, double height) {
        for (int i = 0; i <= 4; i++) {
            double x = LABEL_W + CHART_W * i / 4;
            svg.el("line", "class", "grid", "x1", x, "x2", x, "y1", TOP - 6, "y2", height);
            svg.text("text", Fmt.duration(Duration.ofMillis((long) (spanMs * i / 4))), "x", x + 2, "y", 12.0,
                    "class", "axis");
        }
    }

    private static double x(Instant t0, Instant t, double span) {
        return LABEL_W + CHART_W * Duration.between(t0, t).toMillis() / span;
    }

    private static double w(Instant a, Instant b, double span) {
        return CHART_W * Duration.between(a, b).toMillis() / span;
    }
}
