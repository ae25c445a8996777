package io.pipeline.web.ui;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.engine.DatasetService;
import io.pipeline.schedule.Partitioning;
import io.pipeline.store.DatasetQueries.DatasetRow;
import io.pipeline.store.DatasetQueries.FailedRun;
import io.pipeline.store.DatasetQueries.FreshnessMiss;
import io.pipeline.store.DatasetQueries.PartitionState;
import io.pipeline.store.DatasetQueries.Ref;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import io.pipeline.web.ui.PartitionMapSvg.Cell;
import io.pipeline.web.ui.PartitionMapSvg.State;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The Datasets page (every dataset with its producers and consumers, last event and partitioning) and a dataset's
 * partition map (days x state over a range of years, each present partition linking to its producing run).
 */
@RequiresRole(Role.VIEWER)
@Controller
public class DatasetsController {
    static final int SHOWN = 1000;
    static final int MAX_YEARS = 15;

    /** A DAG or task next to a dataset, with its page. */
    public record RefView(String text, String link) {
    }

    /** A dataset as the list shows it. */
    public record DatasetView(long id, String uri, String partitioning, boolean orphaned, List<RefView> producers,
                              List<RefView> consumers, String lastEvent, String link) {
    }

    /** One strip of the partition map (a year, or part of one). */
    public record Strip(String label, String svg) {
    }

    private final DatasetService datasets;
    private final Clock clock;

    public DatasetsController(DatasetService datasets, Clock clock) {
        this.datasets = datasets;
        this.clock = clock;
    }

    @GetMapping("/ui/datasets")
    String list(Model model) {
        var page = datasets.list(null, SHOWN, 0, "uri");
        Map<Long, Instant> last = datasets.lastEventTimes();
        model.addAttribute("rows", page.items().stream().map(d -> view(d, last.get(d.id()))).toList());
        model.addAttribute("total", page.totalEntries());
        model.addAttribute("shown", SHOWN);
        return "ui/datasets";
    }

    @GetMapping("/ui/datasets/{id}")
    String partitions(@PathVariable long id, @RequestParam(required = false) Integer from,
                      @RequestParam(required = false) Integer to, Model model) {
        DatasetRow d = datasets.get(id).orElseThrow(() -> new UiAdvice.NotFound("no dataset with id " + id));
        model.addAttribute("d", view(d, datasets.lastEventTimes().get(d.id())));
        Partitioning p = d.partitioning() == null ? null : Partitioning.parse(d.partitioning());
        model.addAttribute("partitioned", p != null);
        if (p == null) {
            return "ui/dataset";
        }
        LocalDate today = LocalDate.now(clock.withZone(p.zone()));
        LocalDate start;
        LocalDate end;
        if (from == null && to == null) {
            start = today.minusYears(1).plusDays(1);
            end = today;
        } else {
            int a = from == null ? to : from;
            int b = to == null ? a : to;
            if (a < 1970 || b > 2100 || a > b || b - a >= MAX_YEARS) {
                throw new IllegalArgumentException("years must be 1970..2100, from <= to, at most " + MAX_YEARS
                        + " years; got from " + a + " to " + b);
            }
            start = LocalDate.of(a, 1, 1);
            end = LocalDate.of(b, 12, 31);
        }
        Map<LocalDate, Cell> cells = cells(d.uri(), p, start, end, today);
        Map<State, Integer> counts = new EnumMap<>(State.class);
        cells.values().forEach(c -> counts.merge(c.state(), 1, Integer::sum));
        List<Strip> strips = new ArrayList<>();
        for (LocalDate s = start; !s.isAfter(end); s = LocalDate.of(s.getYear() + 1, 1, 1)) {
            LocalDate e = LocalDate.of(s.getYear(), 12, 31).isAfter(end) ? end : LocalDate.of(s.getYear(), 12, 31);
            strips.add(new Strip(s.getYear() + (s.getDayOfYear() == 1 && e.getDayOfYear() == e.lengthOfYear()
                    ? "" : " (" + s + " to " + e + ")"), PartitionMapSvg.draw(s, e, cells)));
        }
        model.addAttribute("strips", strips);
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (State s : List.of(State.PRESENT, State.LATE, State.MISSING, State.FAILED, State.PENDING, State.HOLIDAY)) {
            summary.put(s.css, counts.getOrDefault(s, 0));
        }
        model.addAttribute("summary", summary);
        model.addAttribute("start", start.toString());
        model.addAttribute("end", end.toString());
        model.addAttribute("fromYear", start.getYear());
        model.addAttribute("toYear", end.getYear());
        model.addAttribute("keyWord", p instanceof Partitioning.Sessions s ? "sessions of " + s.calendar().code()
                : "days in " + p.zone().getId());
        return "ui/dataset";
    }

    /**
     * Every day of start..end with its state: two queries (the events' partitions, the producers' failed runs) and
     * the calendar's sessions and holidays; nothing per cell.
     */
    private Map<LocalDate, Cell> cells(String uri, Partitioning p, LocalDate start, LocalDate end, LocalDate today) {
        Map<LocalDate, PartitionState> present = new HashMap<>();
        datasets.partitions(uri, start, end).forEach(s -> present.put(s.key(), s));
        Map<LocalDate, FailedRun> failed = new HashMap<>();
        datasets.failedProducerRuns(uri, start, end).forEach(r -> failed.put(r.key(), r)); // the latest wins
        Map<LocalDate, FreshnessMiss> misses = new HashMap<>();
        datasets.freshnessMisses(uri, start, end).forEach(m -> misses.put(m.key(), m));
        java.util.Set<LocalDate> keys = new java.util.HashSet<>();
        NavigableMap<LocalDate, String> holidays = new TreeMap<>();
        LocalDate a = start;
        LocalDate b = end;
        if (p instanceof Partitioning.Sessions s) {
            ExchangeCalendar cal = s.calendar();
            a = start.isBefore(cal.firstSession()) ? cal.firstSession() : start;
            b = end.isAfter(cal.lastSession()) ? cal.lastSession() : end;
            if (!a.isAfter(b)) {
                holidays.putAll(cal.holidays(a, b));
            }
        }
        if (!a.isAfter(b)) {
            keys.addAll(p.keysBetween(a, b));
        }
        Map<LocalDate, Cell> cells = new HashMap<>();
        for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
            PartitionState ps = present.get(day);
            FailedRun f = failed.get(day);
            Cell c;
            if (ps != null) {
                String by = ps.sourceRunId() == null ? "reported externally"
                        : "by " + ps.sourceDagId() + " / " + ps.sourceRunId()
                        + (ps.sourceRunState() == null ? "" : " (" + ps.sourceRunState() + ")");
                FreshnessMiss m = misses.get(day);
                c = new Cell(State.PRESENT, ps.events() + (ps.events() == 1 ? " event" : " events") + ", latest "
                        + Fmt.instant(ps.latestAt()) + " " + by + (m == null || m.arrivedAt() == null ? ""
                        : "; arrived after its deadline " + due(m)),
                        ps.sourceRunId() == null ? null : Links.run(ps.sourceDagId(), "graph", ps.sourceRunId()));
            } else if (f != null) {
                FreshnessMiss m = misses.get(day);
                c = new Cell(State.FAILED, "run " + f.dagId() + " / " + f.runId() + " failed"
                        + (m == null ? "" : "; no event by its deadline " + due(m)),
                        Links.run(f.dagId(), "graph", f.runId()));
            } else if (misses.containsKey(day)) {
                c = new Cell(State.LATE, "no event by its deadline " + due(misses.get(day)), null);
            } else if (keys.contains(day)) {
                c = day.isAfter(today) ? new Cell(State.PENDING, "not due yet", null)
                        : new Cell(State.MISSING, "no event", null);
            } else if (day.isBefore(a) || day.isAfter(b)) {
                c = new Cell(State.OUTSIDE, "outside the calendar's range", null);
            } else if (holidays.containsKey(day)) {
                c = new Cell(State.HOLIDAY, holidays.get(day), null);
            } else {
                c = new Cell(State.CLOSED, "no session", null);
            }
            cells.put(day, c);
        }
        return cells;
    }

    /** {@code 2026-11-23 16:45 EST (45 min after the XNYS close)}. */
    private static String due(FreshnessMiss m) {
        return DUE.format(m.dueAt().atZone(m.dueZone())) + " (" + m.deadline() + ")";
    }

    private static final java.time.format.DateTimeFormatter DUE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", java.util.Locale.US);

    private static DatasetView view(DatasetRow d, Instant lastEvent) {
        List<RefView> producers = d.producingTasks().stream()
                .map(r -> new RefView(r.dagId() + "." + r.taskId(), Links.dag(r.dagId(), "graph"))).toList();
        List<RefView> consumers = new ArrayList<>();
        for (Ref r : d.scheduledDags()) {
            consumers.add(new RefView(r.dagId() + " (schedule" + (r.mapping() == null ? "" : ", " + r.mapping())
                    + ")", Links.dag(r.dagId(), "grid")));
        }
        for (Ref r : d.consumingTasks()) {
            consumers.add(new RefView(r.dagId() + "." + r.taskId(), Links.dag(r.dagId(), "graph")));
        }
        return new DatasetView(d.id(), d.uri(), d.partitioning(), d.orphaned(), producers, consumers,
                lastEvent == null ? "" : Fmt.instant(lastEvent), "/ui/datasets/" + d.id());
    }
}
