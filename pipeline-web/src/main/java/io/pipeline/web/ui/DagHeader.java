package io.pipeline.web.ui;

import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.store.DagRow;

import java.util.List;

/**
 * What every page of one DAG shows at its top: id, pause flag, owner, tags, schedule in words, description, doc,
 * and the import error when its code did not load.
 *
 * @param dag null when the DAG's code is not loaded
 */
public record DagHeader(String dagId, boolean paused, String owners, List<String> tags, String schedule,
                       String description, String doc, String importError, String nextRun, Dag dag) {

    /** @throws UiAdvice.NotFound when the database has never seen the DAG */
    public static DagHeader of(DagRegistry registry, String dagId) {
        DagRow row = registry.find(dagId).orElseThrow(() -> new UiAdvice.NotFound("no DAG '" + dagId + "'"));
        Dag dag = registry.dag(dagId).orElse(null);
        return new DagHeader(dagId, row.paused(), row.owners(), row.tags(), row.scheduleDescription(),
                row.description(), dag == null ? null : dag.doc(), row.importError(), Fmt.instant(row.nextRunAfter()),
                dag);
    }

    public boolean loaded() {
        return dag != null;
    }
}
