package io.pipeline.web.ui;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset's partition map for one stretch of days (at most a year): weeks as columns, Monday on top, one square per
 * day coloured by the partition's state; a present or failed partition links to its run. Drawn from maps computed
 * before (no lookup per cell), so ten years draw in milliseconds.
 */
final class PartitionMapSvg {

    /** What a day shows. */
    enum State {
        PRESENT("present"), LATE("late"), MISSING("missing"), FAILED("failed"), PENDING("pending"), HOLIDAY("holiday"),
        CLOSED("closed"), OUTSIDE("outside");

        final String css;

        State(String css) {
            this.css = css;
        }
    }

    /** A day's cell: its state, the tooltip's detail and the link (null: none). */
    record Cell(State state, String detail, String link) {
    }

    private static final double CELL = 13;
    private static final double GAP = 3;
    private static final double LEFT = 34;
    private static final double TOP = 20;

    private PartitionMapSvg() {
    }

    /** The days from..to (same year), each cell from {@code cells} (absent: {@link State#OUTSIDE}). */
    static String draw(LocalDate from, LocalDate to, Map<LocalDate, Cell> cells) {
        LocalDate firstMonday = from.minusDays(from.getDayOfWeek().getValue() - 1L);
        long weeks = ChronoUnit.WEEKS.between(firstMonday, to) + 1;
        Svg svg = new Svg(LEFT + weeks * (CELL + GAP), TOP + 7 * (CELL + GAP) + 4, "partition-map");
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY)) {
            svg.text("text", d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH), "x", 0.0,
                    "y", TOP + (d.getValue() - 1) * (CELL + GAP) + CELL - 3, "class", "axis");
        }
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            long week = ChronoUnit.WEEKS.between(firstMonday, day);
            double x = LEFT + week * (CELL + GAP);
            double y = TOP + (day.getDayOfWeek().getValue() - 1) * (CELL + GAP);
            if (day.getDayOfMonth() == 1 || day.equals(from)) {
                svg.text("text", day.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), "x", x, "y", 12.0,
                        "class", "axis");
            }
            Cell c = cells.getOrDefault(day, new Cell(State.OUTSIDE, "outside the calendar", null));
            if (c.link() != null) {
                svg.open("a", "href", c.link());
            }
            svg.open("rect", "class", "pm " + c.state().css, "x", x, "y", y, "width", CELL, "height", CELL,
                    "rx", 2.0, "data-key", day.toString());
            svg.title(day + " " + day.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " · "
                    + c.state().css + (c.detail() == null ? "" : " · " + c.detail()));
            svg.close("rect");
            if (c.link() != null) {
                svg.close("a");
            }
        }
        return svg.end();
    }
}
