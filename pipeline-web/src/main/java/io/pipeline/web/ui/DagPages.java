package io.pipeline.web.ui;

import io.pipeline.engine.DagImportError;
import io.pipeline.engine.DagRegistry;
import io.pipeline.web.ui.UiQueries.DagListRow;
import io.pipeline.web.ui.UiQueries.RunBrief;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The DAG list: rows, their recent runs, the tag filter's choices, import errors and configuration warnings. */
public class DagPages {

    /** How many recent runs the list shows per DAG. */
    public static final int RECENT_RUNS = 10;

    /** One DAG's row; {@code recent} newest first, {@code lastRunState} empty without runs. */
    public record Row(DagListRow dag, List<RunBrief> recent, String lastRunState, String nextRun) {
    }

    public record ListPage(List<Row> rows, List<String> tags, List<DagImportError> importErrors,
                           List<String> warnings, String search, String tag) {
    }

    private final DagRegistry registry;
    private final UiQueries queries;
    private final Supplier<List<String>> warnings;

    public DagPages(DagRegistry registry, UiQueries queries, Supplier<List<String>> warnings) {
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
            return new Row(d, runs, last, Fmt.instant(d.nextRunAfter()));
        }).toList();
        return new ListPage(rows, queries.tags(), registry.importErrors(), warnings.get(), search, tag);
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
