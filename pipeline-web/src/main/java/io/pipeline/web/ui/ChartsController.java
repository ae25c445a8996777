package io.pipeline.web.ui;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskGroupDef;
import io.pipeline.state.TaskGroupState;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.ops.calendar.CalendarOverrideService;
import io.pipeline.ops.calendar.StoredOverride;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.schedule.SessionTimetable;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DashboardQueries;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The views of one DAG besides the grid: graph, Gantt, task durations, landing times, tries and calendar. */
@RequiresRole(Role.VIEWER)
@Controller
public class ChartsController {

    private final DagRegistry registry;
    private final DagRunService runs;
    private final TaskInstanceService instances;
    private final DashboardQueries queries;
    private final Clock clock;
    private final CalendarOverrideService overrides;

    public ChartsController(DagRegistry registry, DagRunService runs, TaskInstanceService instances,
                            DashboardQueries queries, Clock clock, CalendarOverrideService overrides) {
        this.overrides = overrides;
        this.registry = registry;
        this.runs = runs;
        this.instances = instances;
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/ui/dags/{dagId}/graph")
    String graph(@PathVariable String dagId, @RequestParam(required = false) String run,
                 @RequestParam(required = false) String expand, Model model) {
        DagHeader h = header(dagId, "graph", model);
        DagRunRow r = chosenRun(dagId, run, model);
        if (h.loaded()) {
            Map<String, TaskState> states = new HashMap<>();
            Map<String, Map<TaskState, Integer>> mapped = new HashMap<>();
            Map<String, String> links = new HashMap<>();
            if (r != null) {
                runStates(h.dag(), r, states, mapped);
                h.dag().taskIds().forEach(t -> links.put(t, Links.ti(dagId, r.runId(), t, -1)));
            }
            Set<String> expanded = expand == null || expand.isBlank() ? Set.of()
                    : new LinkedHashSet<>(Arrays.asList(expand.split(",")));
            String runId = r == null ? null : r.runId();
            model.addAttribute("svg", GraphSvg.draw(h.dag(), expanded, states, mapped, links,
                    open -> Links.graph(dagId, runId, open)));
        }
        return "ui/graph";
    }

    /**
     * The states the graph's script recolours nodes with: task id to state (mapped tasks: most urgent), and for
     * mapped tasks their instances counted by state.
     */
    @GetMapping("/ui/api/dags/{dagId}/run-states")
    @ResponseBody
    Map<String, Object> runStatesJson(@PathVariable String dagId, @RequestParam String run) {
        DagRunRow r = runs.get(dagId, run).orElseThrow(() -> new UiAdvice.NotFound("no run '" + run + "'"));
        Map<String, TaskState> states = new LinkedHashMap<>();
        Map<String, Map<TaskState, Integer>> mapped = new LinkedHashMap<>();
        runStates(registry.dag(dagId).orElse(null), r, states, mapped);
        Map<String, String> byTask = new LinkedHashMap<>();
        states.forEach((k, v) -> byTask.put(k, v.value()));
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        mapped.forEach((task, byState) -> {
            Map<String, Integer> named = new LinkedHashMap<>();
            byState.forEach((s, n) -> named.put(s.value(), n));
            counts.put(task, named);
        });
        return Map.of("run_state", r.state().value(), "tasks", byTask, "mapped", counts);
    }

    @GetMapping("/ui/dags/{dagId}/gantt")
    String gantt(@PathVariable String dagId, @RequestParam(required = false) String run, Model model) {
        header(dagId, "gantt", model);
        DagRunRow r = chosenRun(dagId, run, model);
        if (r != null) {
            List<TaskInstanceRow> tis = instances.all(dagId, r.runId());
            model.addAttribute("svg", GanttSvg.draw(tis, clock.instant(),
                    t -> Links.ti(dagId, r.runId(), t.taskId(), t.mapIndex())));
        }
        return "ui/chart";
    }

    @GetMapping("/ui/dags/{dagId}/duration")
    String duration(@PathVariable String dagId, @RequestParam(defaultValue = "25") int runs, Model model) {
        header(dagId, "duration", model);
        List<DagRunRow> rows = queries.latestRuns(dagId, GridController.clamp(runs));
        Map<String, Map<Long, Double>> seconds = new LinkedHashMap<>();
        for (DashboardQueries.TaskSpan s : queries.spans(pks(rows))) {
            if (s.start() != null && s.end() != null) {
                seconds.computeIfAbsent(s.taskId(), k -> new HashMap<>())
                        .put(s.runPk(), (s.end().toEpochMilli() - s.start().toEpochMilli()) / 1000.0);
            }
        }
        List<String> longest = seconds.entrySet().stream()
                .sorted((a, b) -> Double.compare(max(b.getValue()), max(a.getValue())))
                .limit(12).map(Map.Entry::getKey).toList();
        List<LineChart.Series> series = new ArrayList<>();
        for (int i = 0; i < longest.size(); i++) {
            Map<Long, Double> byRun = seconds.get(longest.get(i));
            series.add(new LineChart.Series(longest.get(i), LineChart.color(i),
                    rows.stream().map(r -> byRun.get(r.id())).toList()));
        }
        model.addAttribute("svg", LineChart.draw(labels(rows), series, "seconds per task (the 12 longest tasks)",
                false));
        model.addAttribute("series", series);
        model.addAttribute("runsShown", runs);
        return "ui/chart";
    }

    @GetMapping("/ui/dags/{dagId}/landing")
    String landing(@PathVariable String dagId, @RequestParam(defaultValue = "25") int runs, Model model) {
        DagHeader h = header(dagId, "landing", model);
        List<DagRunRow> rows = queries.latestRuns(dagId, GridController.clamp(runs));
        ExchangeCalendar cal = calendar(h);
        List<Double> minutes = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        for (DagRunRow r : rows) {
            Instant reference = reference(r, cal);
            Double m = r.endDate() == null ? null : (r.endDate().toEpochMilli() - reference.toEpochMilli()) / 60000.0;
            minutes.add(m);
            table.add(List.of(r.runId(), Fmt.instant(reference), Fmt.instant(r.endDate()),
                    m == null ? "not finished" : String.format(java.util.Locale.ROOT, "%+.1f min", m)));
        }
        String unit = cal == null ? "minutes after the end of the data interval"
                : "minutes after the " + cal.code() + " session close";
        model.addAttribute("svg", LineChart.draw(labels(rows),
                List.of(new LineChart.Series("landing", "#1f77b4", minutes)), unit, true));
        model.addAttribute("table", table);
        model.addAttribute("tableHead", List.of("run", cal == null ? "data interval end" : "session close",
                "run ended", "landed"));
        model.addAttribute("runsShown", runs);
        return "ui/chart";
    }

    @GetMapping("/ui/dags/{dagId}/tries")
    String tries(@PathVariable String dagId, @RequestParam(defaultValue = "25") int runs, Model model) {
        DagHeader h = header(dagId, "tries", model);
        List<DagRunRow> rows = queries.latestRuns(dagId, GridController.clamp(runs));
        Map<String, Map<Long, Integer>> tries = new LinkedHashMap<>();
        if (h.loaded()) {
            h.dag().taskIds().forEach(t -> tries.put(t, new HashMap<>()));
        }
        for (DashboardQueries.TaskSpan s : queries.spans(pks(rows))) {
            tries.computeIfAbsent(s.taskId(), k -> new HashMap<>()).put(s.runPk(), s.tries());
        }
        List<List<String>> table = new ArrayList<>();
        tries.forEach((task, byRun) -> {
            List<String> row = new ArrayList<>();
            row.add(task);
            rows.forEach(r -> row.add(byRun.containsKey(r.id()) ? String.valueOf(byRun.get(r.id())) : ""));
            table.add(row);
        });
        List<String> head = new ArrayList<>();
        head.add("task");
        head.addAll(labels(rows));
        model.addAttribute("table", table);
        model.addAttribute("tableHead", head);
        model.addAttribute("triesTable", true);
        model.addAttribute("runsShown", runs);
        return "ui/chart";
    }

    @GetMapping("/ui/dags/{dagId}/calendar")
    String calendar(@PathVariable String dagId, @RequestParam(required = false) Integer year, Model model) {
        DagHeader h = header(dagId, "calendar", model);
        ExchangeCalendar cal = calendar(h);
        ZoneId zone = cal == null ? ZoneOffset.UTC : cal.zone();
        int y = year == null ? LocalDate.now(clock.withZone(zone)).getYear() : year;
        if (y < 1970 || y > 2100) {
            throw new IllegalArgumentException("year must be between 1970 and 2100, got " + y);
        }
        LocalDate from = LocalDate.of(y, 1, 1);
        LocalDate to = LocalDate.of(y, 12, 31);
        Map<LocalDate, Map<DagRunState, Integer>> days = new HashMap<>();
        for (DashboardQueries.DayCount d : queries.runDays(dagId, from.minusDays(2).atStartOfDay(zone).toInstant(),
                to.plusDays(2).atStartOfDay(zone).toInstant(), zone.getId())) {
            days.computeIfAbsent(d.day(), k -> new EnumMap<>(DagRunState.class)).merge(d.state(), d.count(),
                    Integer::sum);
        }
        java.util.NavigableMap<LocalDate, String> holidays = new TreeMap<>();
        java.util.Set<LocalDate> early = new java.util.HashSet<>();
        Map<LocalDate, String> overridden = new HashMap<>();
        if (cal != null) {
            LocalDate a = from.isBefore(cal.firstSession()) ? cal.firstSession() : from;
            LocalDate b = to.isAfter(cal.lastSession()) ? cal.lastSession() : to;
            if (!a.isAfter(b)) {
                holidays.putAll(cal.holidays(a, b));
                early.addAll(cal.earlyCloses(a, b));
            }
            model.addAttribute("holidays", holidays);
            model.addAttribute("earlyCloses", early.stream().sorted().toList());
            List<StoredOverride> stored = overrides.list(cal.code());
            model.addAttribute("overrides", stored);
            stored.stream().filter(o -> o.override().date().getYear() == y)
                    .forEach(o -> overridden.put(o.override().date(), o.override().reason()));
        }
        model.addAttribute("svg", CalendarSvg.draw(y, days, holidays, early, overridden));
        model.addAttribute("year", y);
        model.addAttribute("calendarCode", cal == null ? null : cal.code());
        return "ui/calendar";
    }

    private DagHeader header(String dagId, String view, Model model) {
        DagHeader h = DagHeader.of(registry, dagId);
        model.addAttribute("h", h);
        model.addAttribute("view", view);
        return h;
    }

    /** The run the view shows (the newest when none is chosen), and the choices for the selector. */
    private DagRunRow chosenRun(String dagId, String run, Model model) {
        List<DagRunRow> recent = queries.latestRuns(dagId, 25).reversed();
        model.addAttribute("recentRuns", recent);
        DagRunRow r = run == null || run.isBlank() ? (recent.isEmpty() ? null : recent.getFirst())
                : runs.get(dagId, run).orElseThrow(() -> new UiAdvice.NotFound("DAG '" + dagId + "' has no run '"
                + run + "'"));
        model.addAttribute("run", r);
        return r;
    }

    /**
     * Task id to the state shown (mapped: the most urgent); task group id to Airflow's summary of its tasks; and for
     * each expanded mapped task its instances counted by state. One grouped statement: a run of 50,000 mapped
     * instances is read as a few counts, not as 50,000 rows.
     */
    private void runStates(Dag dag, DagRunRow run, Map<String, TaskState> states,
                           Map<String, Map<TaskState, Integer>> mapped) {
        Map<String, Map<TaskState, Integer>> byTask = new LinkedHashMap<>();
        for (DashboardQueries.TaskStateCount c : queries.taskStates(run.id())) {
            byTask.computeIfAbsent(c.taskId(), k -> new EnumMap<>(TaskState.class)).merge(c.state(), c.count(),
                    Integer::sum);
            if (c.mapped() > 0) {
                mapped.computeIfAbsent(c.taskId(), k -> new EnumMap<>(TaskState.class)).merge(c.state(), c.mapped(),
                        Integer::sum);
            }
        }
        byTask.forEach((t, s) -> states.put(t, StateColors.worst(s.keySet())));
        if (dag != null) {
            for (TaskGroupDef g : dag.taskGroups().all()) {
                Set<TaskState> members = new LinkedHashSet<>();
                dag.taskGroups().tasksIn(g.groupId()).forEach(t -> members.addAll(
                        byTask.getOrDefault(t, Map.of()).keySet()));
                TaskGroupState.summary(members).ifPresent(s -> states.put(g.groupId(), s));
            }
        }
    }

    private static ExchangeCalendar calendar(DagHeader h) {
        return h.loaded() && h.dag().timetable() instanceof SessionTimetable st ? st.calendar() : null;
    }

    /** The session close for a session run, else the end of its data interval (Airflow's landing reference). */
    static Instant reference(DagRunRow r, ExchangeCalendar cal) {
        if (cal != null && r.sessionDate() != null) {
            try {
                return cal.sessionClose(r.sessionDate());
            } catch (RuntimeException notASession) {
                return r.dataIntervalEnd();
            }
        }
        return r.dataIntervalEnd();
    }

    private static long[] pks(List<DagRunRow> rows) {
        return rows.stream().mapToLong(DagRunRow::id).toArray();
    }

    private static List<String> labels(List<DagRunRow> rows) {
        return rows.stream().map(r -> r.sessionDate() != null ? r.sessionDate().toString()
                : Fmt.shortInstant(r.logicalDate())).toList();
    }

    private static double max(Map<Long, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
