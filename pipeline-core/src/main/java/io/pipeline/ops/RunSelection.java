package io.pipeline.ops;

import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The DAG runs a clear or mark applies to, by primary key in lock order (runs are locked before their TIs). */
final class RunSelection {

    private RunSelection() {
    }

    /** @param runDate the logical date of the run the scope names, or null for a date range */
    record Selected(Instant runDate, Map<Long, DagRunRow> runs) {
    }

    /**
     * Resolves the scope (one run, with past/future, or a date range) to runs, locking them unless {@code lock} is
     * false (dry runs).
     *
     * @throws DagRunNotFoundException when the scope names a run that does not exist
     */
    static Selected select(DagRunRepository runs, OpsRepository repo, String dagId, RunScope scope,
                                       boolean lock) {
        Instant runDate = null;
        if (scope.runId() != null) {
            runDate = runs.find(dagId, scope.runId())
                    .orElseThrow(() -> new DagRunNotFoundException(dagId, scope.runId())).logicalDate();
        }
        Map<Long, DagRunRow> selected = new LinkedHashMap<>();
        for (DagRunRow r : repo.runs(dagId, scope.lower(runDate), scope.upper(runDate), lock)) {
            selected.put(r.id(), r);
        }
        return new Selected(runDate, selected);
    }
}
