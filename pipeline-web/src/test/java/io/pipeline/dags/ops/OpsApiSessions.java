package io.pipeline.dags.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.Partitioning;
import io.pipeline.schedule.Schedules;

import java.time.LocalDate;

/**
 * For the backfill API tests: {@code fetch >> store} at 16:30 New York on XNYS sessions, starting in 2030 so that
 * the running engine schedules nothing of its own; param {@code lookback} (integer). {@code fetch} produces
 * {@link #BARS} (XNYS sessions), {@code store} consumes {@link #REFERENCE} (not partitioned): the datasets of the
 * backfill by missing partitions.
 */
public class OpsApiSessions implements DagDefinition {
    public static final String ID = "ops_api_sessions";
    public static final Dataset BARS = Dataset.of("test://ops-api/bars_1d").partitionedBy(Partitioning.sessionsOf("XNYS"));
    public static final Dataset REFERENCE = Dataset.of("test://ops-api/reference");

    @Override
    public Dag define() {
        return DagBuilder.dag(ID)
                .tags("ops-test")
                .schedule(Schedules.onSessions("XNYS").at("16:30", "America/New_York"))
                .startDate(LocalDate.of(2030, 1, 2), "America/New_York")
                .params(ParamSpec.integer("lookback").withDefault(5))
                .tasks(g -> g.task("fetch", ctx -> null).produces(BARS)
                        .then(g.task("store", ctx -> null).consumes(REFERENCE)))
                .build();
    }
}
