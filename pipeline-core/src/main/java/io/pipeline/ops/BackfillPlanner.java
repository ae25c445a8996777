package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The logical dates of a backfill and what happens at each, given the runs that already exist. Pure. */
final class BackfillPlanner {

    private BackfillPlanner() {
    }

    /** Every scheduled run of the DAG with from &lt;= logical date &lt;= to, oldest first (sessions only). */
    static List<DagRunInfo> dates(Dag dag, BackfillRequest req) {
        if (!dag.isScheduled()) {
            throw new IllegalArgumentException("DAG '" + dag.dagId() + "' has no schedule, so it has no logical dates"
                    + " to backfill; trigger runs instead");
        }
        return dag.timetable().runsBetween(req.from(), req.to());
    }

    /** The plan in the order the runs should start: oldest first, or newest first for a backwards backfill. */
    static List<PlannedRun> plan(List<DagRunInfo> dates, Map<Instant, DagRunRow> existing, ReprocessBehavior reprocess,
                                 boolean backwards) {
        List<PlannedRun> out = new ArrayList<>(dates.size());
        for (DagRunInfo info : dates) {
            DagRunRow run = existing.get(info.logicalDate());
            out.add(new PlannedRun(info.logicalDate(), info.session(), action(run, reprocess)));
        }
        if (backwards) {
            Collections.reverse(out);
        }
        return out;
    }

    static PlannedRun.Action action(DagRunRow run, ReprocessBehavior reprocess) {
        if (run == null) {
            return PlannedRun.Action.CREATE;
        }
        if (!run.state().isTerminal()) {
            return PlannedRun.Action.SKIP_IN_FLIGHT;
        }
        boolean again = switch (reprocess) {
            case NONE -> false;
            case FAILED -> run.state() == DagRunState.FAILED;
            case COMPLETED -> true;
        };
        return again ? PlannedRun.Action.REPROCESS : PlannedRun.Action.SKIP_ALREADY_EXISTS;
    }
}
