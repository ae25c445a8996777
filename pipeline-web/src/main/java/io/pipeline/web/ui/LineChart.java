package io.pipeline.web.ui;

import java.util.List;

/**
 * A small line (or bar) chart of values over runs, drawn as SVG: one series per task for task durations, one series
 * for landing times. Values may be negative (a run that landed before the close); gaps are null.
 */
final class LineChart {

    /** @param values one per x label; null where the series has no value */
    record Series(String name, String color, List<Double> values) {
    }

    private static final double W = 900;
    private static final double H = 300;
    private static final double LEFT = 70;
    private static final double BOTTOM = 40;
    private static final double TOP = 14;
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"};

    private LineChart() {
    }

    static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** @param unit shown on the y axis, e.g. {@code "minutes after the close"} */
    static String draw(List<String> xLabels, List<Series> series, String unit, boolean bars) {
        double min = 0;
        double max = 0;
        for (Series s : series) {
            for (Double v : s.values()) {
                if (v != null) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max - min < 1e-9) {
            max = min + 1;
        }
        Svg svg = new Svg(W, H, "chart");
        double plotW = W - LEFT - 10;
        double plotH = H - TOP - BOTTOM;
        int n = Math.max(1, xLabels.size());
        double step = plotW / n;
        final double lo = min;
        final double hi = max;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotH * (hi - v) / (hi - lo);
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            svg.el("line", "class", "grid", "x1", LEFT, "x2", W - 10, "y1", y.applyAsDouble(v), "y2",
                    y.applyAsDouble(v));
            svg.text("text", String.format(java.util.Locale.ROOT, "%.1f", v), "x", 4.0, "y", y.applyAsDouble(v) + 4,
                    "class", "axis");
        }
        svg.el("line", "class", "zero", "x1", LEFT, "x2", W - 10, "y1", y.applyAsDouble(0), "y2", y.applyAsDouble(0));
        svg.text("text", unit, "x", LEFT, "y", H - 4, "class", "axis");
        int every = Math.max(1, n / 8);
        for (int i = 0; i < xLabels.size(); i += every) {
            svg.text("text", xLabels.get(i), "x", LEFT + step * i, "y", H - BOTTOM + 14, "class", "axis");
        }
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                if (v == null) {
                    continue;
                }
                double cx = LEFT + step * i + step / 2;
                if (bars) {
                    double top = Math.min(y.applyAsDouble(v), y.applyAsDouble(0));
                    svg.open("rect", "x", cx - step * 0.35, "y", top, "width", step * 0.7,
                            "height", Math.max(1, Math.abs(y.applyAsDouble(v) - y.applyAsDouble(0))),
                            "fill", s.color());
                } else {
                    points.append(Svg.num(cx)).append(',').append(Svg.num(y.applyAsDouble(v))).append(' ');
                    svg.open("circle", "cx", cx, "cy", y.applyAsDouble(v), "r", 3.0, "fill", s.color());
                }
                svg.title(s.name() + " · " + xLabels.get(i) + ": " + String.format(java.util.Locale.ROOT, "%.2f", v));
                svg.close(bars ? "rect" : "circle");
            }
            if (!bars && !points.isEmpty()) {
                svg.el("polyline", "points", points.toString().strip(), "fill", "none", "stroke", s.color());
            }
        }
        return svg.end();
    }
}
