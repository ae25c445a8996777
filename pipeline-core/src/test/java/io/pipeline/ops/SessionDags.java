package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.ParamSpec;
import io.pipeline.schedule.Schedules;

import java.time.LocalDate;

/** DAGs on NYSE sessions for the backfill tests. */
final class SessionDags {
    static final String NYSE = "nyse_close";

    private SessionDags() {
    }

    /** {@code fetch >> store} at 16:30 New York on every XNYS session; param {@code lookback} (integer). */
    static Dag nyseClose(int maxActiveRuns, int maxActiveTasks) {
        return nyseClose(LocalDate.of(2020, 1, 2), maxActiveRuns, maxActiveTasks);
    }

    static Dag nyseClose(LocalDate start, int maxActiveRuns, int maxActiveTasks) {
        return DagBuilder.dag(NYSE)
                .schedule(Schedules.onSessions("XNYS").at("16:30", "America/New_York"))
                .startDate(start, "America/New_York")
                .maxActiveRuns(maxActiveRuns)
                .maxActiveTasks(maxActiveTasks)
                .params(ParamSpec.integer("lookback").withDefault(5))
                .tasks(g -> g.task("fetch", ctx -> ctx.param("lookback", Integer.class))
                        .then(g.task("store", ctx -> null)))
                .build();
    }
}
