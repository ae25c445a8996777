package io.pipeline.web.ui;

import io.pipeline.engine.DagImportError;
import io.pipeline.engine.DagRegistry;
import io.pipeline.store.DashboardQueries.DagListRow;
import io.pipeline.store.DashboardQueries.RunBrief;
import io.pipeline.store.DashboardQueries;

import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The DAG list: rows, their recent runs, the tag filter's choices, import errors and configuration warnings. */
public class DagPages {

    /** How many recent runs the list shows per DAG. */
    public static final int RECENT_RUNS = 10;

    /**
     * One DAG's row; {@code lastRunState} empty without runs. The links and the small repeated markup (recent-run
     * dots, tag links) are built here, escaped by {@link Svg#esc}, because 500 rows of template expressions for them
     * cost more than the whole rest of the page.
     */
    public record Row(DagListRow dag, String lastRunState, String nextRun, String href, String recentHtml,
                      String tagsHtml) {
    }

    public record ListPage(List<Row> rows, List<String> tags, List<DagImportError> importErrors,
                           List<String> warnings, String search, String tag) {
    }

    private final DagRegistry registry;
    private final DashboardQueries queries;
    private final Supplier<List<String>> warnings;

    public DagPages(DagRegistry registry, DashboardQueries queries, Supplier<List<String>> warnings) {
        this.registry = registry;
        this.queries = queries;
        this.warnings = warnings;
    }

    /** The list filtered by a search text and a tag (either may be null); three statements whatever its size. */
    public ListPage list(String search, String tag) {
        List<DagListRow> dags = queries.dags(search, tag);
        Map<String, List<RunBrief>> recent = queries.recentRuns(dags.stream().map(DagListRow::dagId).toList(),
                RECENT_RUNS);
        List<Row> rows = dags.stream().map(d -> {
            List<RunBrief> runs = recent.getOrDefault(d.dagId(), List.of());
            String last = runs.isEmpty() ? "" : runs.getFirst().state().value();
            return new Row(d, last, Fmt.instant(d.nextRunAfter()), "/ui/dags/" + segment(d.dagId()), dots(runs),
                    tags(d.tags()));
        }).toList();
        return new ListPage(rows, queries.tags(), registry.importErrors(), warnings.get(), search, tag);
    }

    private static String dots(List<RunBrief> runs) {
        StringBuilder b = new StringBuilder(runs.size() * 60);
        for (RunBrief r : runs) {
            b.append("<i class=\"st-").append(r.state().value()).append("\" title=\"").append(Svg.esc(r.runId()))
                    .append(": ").append(r.state().value()).append("\"></i>");
        }
        return b.toString();
    }

    private static String tags(List<String> tags) {
        StringBuilder b = new StringBuilder();
        for (String t : tags) {
            b.append("<a class=\"tag\" href=\"/ui/dags?tag=").append(Svg.esc(UriUtils.encodeQueryParam(t,
                    StandardCharsets.UTF_8))).append("\">").append(Svg.esc(t)).append("</a>");
        }
        return b.toString();
    }

    static String segment(String s) {
        return UriUtils.encodePathSegment(s, StandardCharsets.UTF_8);
    }

    /** The states the list's script refreshes: per DAG, the recent runs' states, newest first, and the pause flag. */
    public Map<String, List<String>> states(String search, String tag) {
        List<DagListRow> dags = queries.dags(search, tag);
        Map<String, List<RunBrief>> recent = queries.recentRuns(dags.stream().map(DagListRow::dagId).toList(),
                RECENT_RUNS);
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (DagListRow d : dags) {
            out.put(d.dagId(), recent.getOrDefault(d.dagId(), List.of()).stream()
                    .map(r -> r.state().value()).toList());
        }
        return out;
    }
}
