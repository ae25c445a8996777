package io.pipeline.web.ui;

import io.pipeline.state.DagRunState;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The calendar view: one square per day of a year (weeks as columns, Monday on top), coloured by the states of the
 * day's runs (failed if any failed, else running, queued, success), exchange holidays hatched and early closes
 * marked with a dot, operators' overrides outlined in red (class {@code override}); each square's tooltip says what
 * it shows.
 */
final class CalendarSvg {

    private static final double CELL = 14;
    private static final double GAP = 3;
    private static final double LEFT = 34;
    private static final double TOP = 20;

    private CalendarSvg() {
    }

    static String draw(int year, Map<LocalDate, Map<DagRunState, Integer>> runs, NavigableMap<LocalDate, String> holidays,
                       Set<LocalDate> earlyCloses, Map<LocalDate, String> overrides) {
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate firstMonday = first.minusDays(first.getDayOfWeek().getValue() - 1L);
        double width = LEFT + 54 * (CELL + GAP);
        Svg svg = new Svg(width, TOP + 7 * (CELL + GAP) + 4, "calendar");
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY)) {
            svg.text("text", d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH), "x", 0.0,
                    "y", TOP + (d.getValue() - 1) * (CELL + GAP) + CELL - 3, "class", "axis");
        }
        for (LocalDate day = first; day.getYear() == year; day = day.plusDays(1)) {
            long week = ChronoUnit.WEEKS.between(firstMonday, day);
            double x = LEFT + week * (CELL + GAP);
            double y = TOP + (day.getDayOfWeek().getValue() - 1) * (CELL + GAP);
            if (day.getDayOfMonth() == 1) {
                svg.text("text", day.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), "x", x, "y", 12.0,
                        "class", "axis");
            }
            Map<DagRunState, Integer> counts = runs.getOrDefault(day, Map.of());
            String holiday = holidays.get(day);
            String override = overrides.get(day);
            String cls = "day " + dayClass(counts) + (holiday != null ? " holiday" : "")
                    + (override != null ? " override" : "");
            svg.open("rect", "class", cls, "x", x, "y", y, "width", CELL, "height", CELL, "rx", 2.0,
                    "data-date", day.toString());
            svg.title(tooltip(day, counts, holiday, earlyCloses.contains(day))
                    + (override != null ? " · override: " + override : ""));
            svg.close("rect");
            if (earlyCloses.contains(day)) {
                svg.open("circle", "class", "early", "cx", x + CELL / 2, "cy", y + CELL / 2, "r", 3.0);
                svg.title(day + ": early close");
                svg.close("circle");
            }
        }
        return svg.end();
    }

    private static String dayClass(Map<DagRunState, Integer> counts) {
        for (DagRunState s : List.of(DagRunState.FAILED, DagRunState.RUNNING, DagRunState.QUEUED,
                DagRunState.SUCCESS)) {
            if (counts.getOrDefault(s, 0) > 0) {
                return "run-" + s.value();
            }
        }
        return "empty";
    }

    private static String tooltip(LocalDate day, Map<DagRunState, Integer> counts, String holiday, boolean early) {
        StringBuilder b = new StringBuilder(day.toString()).append(' ')
                .append(day.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        if (holiday != null) {
            b.append(" · holiday: ").append(holiday);
        }
        if (early) {
            b.append(" · early close");
        }
        if (counts.isEmpty()) {
            b.append(" · no runs");
        }
        counts.forEach((s, n) -> b.append(" · ").append(n).append(' ').append(s.value()));
        return b.toString();
    }
}
