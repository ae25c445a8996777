package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.ParamValidator;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.DataInterval;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRepository.NewRun;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Page;
import io.pipeline.store.Stores;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/** Manual runs and DAG-run queries (the API's dagRuns endpoints). */
public class DagRunService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TransactionTemplate tx;
    private final Clock clock;
    private final DagRegistry registry;
    private final DagRunRepository runs;
    private final RunCreator creator;

    public DagRunService(Stores stores, TransactionTemplate tx, Clock clock, DagRegistry registry) {
        this.tx = tx;
        this.clock = clock;
        this.registry = registry;
        this.runs = stores.runs();
        this.creator = new RunCreator(stores);
    }

    /**
     * Creates a manual run (state queued; the scheduler starts it within a tick, respecting max_active_runs).
     *
     * @param runId       null: {@code manual__<logical date>}; else it must satisfy {@link RunIds}
     * @param logicalDate null: now (to the microsecond, as the database stores it)
     * @param conf        null: empty; validated against the DAG's params
     * @throws DagNotFoundException      when the DAG is not loaded
     * @throws io.pipeline.dag.ParamValidationException when the conf does not satisfy the params
     * @throws IllegalArgumentException when the run id breaks {@link RunIds}' rule
     * @throws DagRunConflictException   when the run id or the logical date is taken
     */
    public DagRunRow trigger(String dagId, String runId, Instant logicalDate, Map<String, Object> conf, String note) {
        return trigger(dagId, runId, logicalDate, conf, note, null);
    }

    /**
     * As {@link #trigger(String, String, Instant, Map, String)}, for a partition: with {@code partitionKey} the
     * logical date and data interval follow from the DAG's partitioning (a session date for session-partitioned
     * DAGs), and the run carries the key.
     *
     * @throws io.pipeline.schedule.InvalidDatasetException when the key is not a partition of the DAG's schedule
     *                                  (naming it), or the DAG is not partitioned
     * @throws IllegalArgumentException when a logical date is given too and is not the partition's
     */
    public DagRunRow trigger(String dagId, String runId, Instant logicalDate, Map<String, Object> conf, String note,
                             String partitionKey) {
        Dag dag = registry.require(dagId);
        Map<String, Object> given = conf == null ? Map.of() : conf;
        ParamValidator.validate(dag.params(), given);
        DagRunInfo part = partitionKey == null ? null : partitionRun(dag, partitionKey);
        if (part != null && logicalDate != null && !logicalDate.equals(part.logicalDate())) {
            throw new IllegalArgumentException("logical_date " + logicalDate + " is not the logical date of partition "
                    + partitionKey + " (" + part.logicalDate() + "); send only partition_key");
        }
        Instant ld = part != null ? part.logicalDate()
                : (logicalDate == null ? clock.instant() : logicalDate).truncatedTo(ChronoUnit.MICROS);
        String id = runId == null ? RunPlanner.manualRunId(ld) : runId;
        RunIds.check(id);
        DataInterval interval = part != null ? part.dataInterval()
                : dag.timetable() == null ? DataInterval.exact(ld) : dag.timetable().manualDataInterval(ld);
        NewRun run = new NewRun(dagId, id, "manual", ld, interval.start(), interval.end(),
                part == null ? null : part.session(), clock.instant(), JSON.writeValueAsString(given), note, null,
                partitionKey);
        Optional<DagRunRow> created = tx.execute(s -> creator.create(dag, run, clock.instant()));
        return created.orElseThrow(() -> conflict(dagId, id, ld));
    }

    private static DagRunInfo partitionRun(Dag dag, String key) {
        if (dag.timetable() == null) {
            throw new io.pipeline.schedule.InvalidDatasetException("partition key '" + key + "' given, but DAG '"
                    + dag.dagId() + "' has no schedule and so no partitions");
        }
        return dag.timetable().partitionRun(key);
    }

    private DagRunConflictException conflict(String dagId, String runId, Instant logicalDate) {
        if (runs.find(dagId, runId).isPresent()) {
            return new DagRunConflictException("DAG run '" + runId + "' already exists for DAG '" + dagId + "'");
        }
        return new DagRunConflictException("a run of DAG '" + dagId + "' with logical date " + logicalDate
                + " already exists");
    }

    /**
     * Runs of a DAG ({@code "~"} for all DAGs), filtered, paged, ordered by an API field name ({@code -} prefix:
     * descending; null: logical date ascending).
     *
     * @throws IllegalArgumentException for an unknown order_by field or a bad limit/offset
     */
    public Page<DagRunRow> list(String dagId, DagRunFilter filters, int limit, int offset, String orderBy) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0, got limit " + limit
                    + ", offset " + offset);
        }
        return runs.list(dagId, filters == null ? DagRunFilter.none() : filters, limit, offset, orderBy);
    }

    public Optional<DagRunRow> get(String dagId, String runId) {
        return runs.find(dagId, runId);
    }
}
