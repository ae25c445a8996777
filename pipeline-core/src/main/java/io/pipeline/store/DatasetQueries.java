package io.pipeline.store;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of datasets, for the API, the pages and the CLI: datasets with their producers and consumers,
 * events (filtered and paged as Airflow's API filters them, plus partition key), the events a run was started on,
 * and a dataset's partitions over a range of keys (for the partition map).
 */
public class DatasetQueries {

    /** A DAG or task that refers to a dataset. */
    public record Ref(String dagId, String taskId, String mapping) {
    }

    /** A dataset with who produces it, who consumes it and whose schedule waits for it. */
    public record DatasetRow(long id, String uri, String partitioning, String extraJson, Instant createdAt,
                             Instant updatedAt, boolean orphaned, List<Ref> producingTasks, List<Ref> consumingTasks,
                             List<Ref> scheduledDags) {
    }

    /** A run an event led to (Airflow's BasicDAGRun, with the partition key). */
    public record RunRef(String dagId, String runId, String state, Instant logicalDate, Instant startDate,
                         Instant endDate, Instant dataIntervalStart, Instant dataIntervalEnd, String partitionKey) {
    }

    /** One event. */
    public record EventRow(long id, long datasetId, String datasetUri, String partitionKey, String extraJson,
                           String sourceDagId, String sourceTaskId, String sourceRunId, int sourceMapIndex,
                           Instant timestamp, List<RunRef> createdDagRuns) {
    }

    /** Filters of the events listing; null fields do not filter. */
    public record EventFilter(Long datasetId, String datasetUri, String sourceDagId, String sourceTaskId,
                              String sourceRunId, Integer sourceMapIndex, String partitionKey) {
        public static EventFilter none() {
            return new EventFilter(null, null, null, null, null, null, null);
        }
    }

    /**
     * A partition of a dataset that has at least one event: how many, the latest's time and producing run (null
     * for an external report) with that run's state.
     */
    public record PartitionState(LocalDate key, int events, Instant latestAt, String sourceDagId, String sourceRunId,
                                 String sourceRunState) {
    }

    private static final Map<String, String> DATASET_ORDER = Map.of("id", "d.id", "uri", "d.uri",
            "created_at", "d.created_at", "updated_at", "d.updated_at");
    private static final Map<String, String> EVENT_ORDER = Map.of("id", "e.id", "timestamp", "e.created_at",
            "created_at", "e.created_at", "source_dag_id", "e.source_dag_id", "partition_key", "e.partition_key",
            "dataset_id", "e.dataset_id");

    private static final RowMapper<EventRow> EVENT = (rs, n) -> new EventRow(rs.getLong("id"),
            rs.getLong("dataset_id"), rs.getString("uri"), rs.getString("partition_key"), rs.getString("extra"),
            rs.getString("source_dag_id"), rs.getString("source_task_id"), rs.getString("source_run_id"),
            rs.getInt("source_map_index"), Timestamps.read(rs, "created_at"), new ArrayList<>());

    private final JdbcClient jdbc;

    public DatasetQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The sort fields {@link #list} accepts. */
    public static java.util.Set<String> datasetOrderFields() {
        return DATASET_ORDER.keySet();
    }

    /** The sort fields {@link #events} accepts. */
    public static java.util.Set<String> eventOrderFields() {
        return EVENT_ORDER.keySet();
    }

    /** Datasets whose URI contains {@code uriPattern} (null: all), paged, ordered by an API field ({@code -}: desc). */
    public Page<DatasetRow> list(String uriPattern, int limit, int offset, String orderBy) {
        String like = uriPattern == null || uriPattern.isBlank() ? null : "%" + escape(uriPattern) + "%";
        String order = order(DATASET_ORDER, orderBy, "d.id");
        long total = jdbc.sql("SELECT count(*) FROM dataset d WHERE (CAST(:like AS text) IS NULL OR d.uri LIKE :like)")
                .param("like", like).query(Long.class).single();
        List<DatasetRow> rows = jdbc.sql("SELECT d.* FROM dataset d WHERE (CAST(:like AS text) IS NULL OR d.uri LIKE :like) "
                        + "ORDER BY " + order + ", d.id LIMIT :limit OFFSET :offset")
                .param("like", like).param("limit", limit).param("offset", offset).query(this::dataset).list();
        return new Page<>(withRefs(rows), total);
    }

    public Optional<DatasetRow> get(String uri) {
        List<DatasetRow> rows = jdbc.sql("SELECT d.* FROM dataset d WHERE d.uri = :uri").param("uri", uri)
                .query(this::dataset).list();
        return withRefs(rows).stream().findFirst();
    }

    public Optional<DatasetRow> get(long id) {
        List<DatasetRow> rows = jdbc.sql("SELECT d.* FROM dataset d WHERE d.id = :id").param("id", id)
                .query(this::dataset).list();
        return withRefs(rows).stream().findFirst();
    }

    /** Events, filtered and paged (default order: id ascending). */
    public Page<EventRow> events(EventFilter f, int limit, int offset, String orderBy) {
        String where = """
                 FROM dataset_event e JOIN dataset d ON d.id = e.dataset_id
                 WHERE (CAST(:dsid AS bigint) IS NULL OR e.dataset_id = :dsid)
                   AND (CAST(:uri AS text) IS NULL OR d.uri = :uri)
                   AND (CAST(:dag AS text) IS NULL OR e.source_dag_id = :dag)
                   AND (CAST(:task AS text) IS NULL OR e.source_task_id = :task)
                   AND (CAST(:run AS text) IS NULL OR e.source_run_id = :run)
                   AND (CAST(:mi AS integer) IS NULL OR e.source_map_index = :mi)
                   AND (CAST(:key AS text) IS NULL OR e.partition_key = :key)
                """;
        long total = bind(jdbc.sql("SELECT count(*)" + where), f).query(Long.class).single();
        List<EventRow> rows = bind(jdbc.sql("SELECT e.*, d.uri" + where + " ORDER BY " + order(EVENT_ORDER, orderBy,
                "e.id") + ", e.id LIMIT :limit OFFSET :offset"), f)
                .param("limit", limit).param("offset", offset).query(EVENT).list();
        return new Page<>(withRuns(rows), total);
    }

    /** The events a run was started on (Airflow's upstreamDatasetEvents), in id order. */
    public List<EventRow> upstreamEvents(String dagId, String runId) {
        return withRuns(jdbc.sql("""
                SELECT e.*, d.uri FROM dag_run_dataset_event l
                JOIN dag_run r ON r.id = l.run_pk JOIN dataset_event e ON e.id = l.event_id
                JOIN dataset d ON d.id = e.dataset_id
                WHERE r.dag_id = :dag AND r.run_id = :run ORDER BY e.id
                """).param("dag", dagId).param("run", runId).query(EVENT).list());
    }

    /** The partitions of a dataset with from &lt;= key &lt;= to that have an event (keys without one are missing). */
    public List<PartitionState> partitions(String uri, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT k.partition_key, k.events, e.created_at, e.source_dag_id, e.source_run_id, r.state
                FROM (SELECT e.partition_key, count(*) AS events, max(e.id) AS latest
                      FROM dataset_event e JOIN dataset d ON d.id = e.dataset_id
                      WHERE d.uri = :uri AND e.partition_key BETWEEN :from AND :to
                      GROUP BY e.partition_key) k
                JOIN dataset_event e ON e.id = k.latest
                LEFT JOIN dag_run r ON r.dag_id = e.source_dag_id AND r.run_id = e.source_run_id
                ORDER BY k.partition_key
                """)
                .param("uri", uri).param("from", from.toString()).param("to", to.toString())
                .query((rs, n) -> new PartitionState(LocalDate.parse(rs.getString(1)), rs.getInt(2),
                        Timestamps.read(rs, "created_at"), rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /** A partition that had no event by its freshness deadline; {@code arrivedAt} null while it is still late. */
    public record FreshnessMiss(LocalDate key, Instant dueAt, java.time.ZoneId dueZone, String deadline,
                                Instant detectedAt, Instant arrivedAt) {
        public boolean late() {
            return arrivedAt == null;
        }
    }

    /** The freshness misses of a dataset with from &lt;= key &lt;= to (the partition map's "late"), in key order. */
    public List<FreshnessMiss> freshnessMisses(String uri, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT m.partition_key, m.due_at, m.due_zone, m.deadline, m.detected_at, m.arrived_at
                FROM dataset_freshness_miss m JOIN dataset d ON d.id = m.dataset_id
                WHERE d.uri = :uri AND m.partition_key BETWEEN :from AND :to
                ORDER BY m.partition_key
                """)
                .param("uri", uri).param("from", from.toString()).param("to", to.toString())
                .query((rs, n) -> new FreshnessMiss(LocalDate.parse(rs.getString("partition_key")),
                        Timestamps.read(rs, "due_at"), java.time.ZoneId.of(rs.getString("due_zone")),
                        rs.getString("deadline"), Timestamps.read(rs, "detected_at"),
                        Timestamps.read(rs, "arrived_at")))
                .list();
    }

    /** A failed run of a DAG that produces a dataset, for a partition key. */
    public record FailedRun(LocalDate key, String dagId, String runId) {
    }

    /**
     * The failed runs with from &lt;= partition_key &lt;= to of the DAGs that produce the dataset (the partition map's
     * "producing run failed"), oldest first; one query.
     */
    public List<FailedRun> failedProducerRuns(String uri, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT r.partition_key, r.dag_id, r.run_id FROM dag_run r
                WHERE r.state = 'failed' AND r.partition_key BETWEEN :from AND :to
                  AND r.dag_id IN (SELECT ref.dag_id FROM dataset_reference ref JOIN dataset d ON d.id = ref.dataset_id
                                   WHERE d.uri = :uri AND ref.kind = 'produces')
                ORDER BY r.id
                """)
                .param("uri", uri).param("from", from.toString()).param("to", to.toString())
                .query((rs, n) -> new FailedRun(LocalDate.parse(rs.getString(1)), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Each dataset's latest event time (datasets without an event are absent), in one query. */
    public Map<Long, Instant> lastEventTimes() {
        Map<Long, Instant> out = new HashMap<>();
        jdbc.sql("SELECT dataset_id, max(created_at) AS created_at FROM dataset_event GROUP BY dataset_id")
                .query(rs -> {
                    out.put(rs.getLong(1), Timestamps.read(rs, "created_at"));
                });
        return out;
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec s, EventFilter f) {
        return s.param("dsid", f.datasetId()).param("uri", f.datasetUri()).param("dag", f.sourceDagId())
                .param("task", f.sourceTaskId()).param("run", f.sourceRunId()).param("mi", f.sourceMapIndex())
                .param("key", f.partitionKey());
    }

    private DatasetRow dataset(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new DatasetRow(rs.getLong("id"), rs.getString("uri"), rs.getString("partitioning"),
                rs.getString("extra"), Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"),
                rs.getBoolean("is_orphaned"), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    private List<DatasetRow> withRefs(List<DatasetRow> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, DatasetRow> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        jdbc.sql("""
                SELECT dataset_id, dag_id, task_id, kind, mapping FROM dataset_reference
                WHERE dataset_id = ANY(:ids) ORDER BY dag_id, task_id
                """)
                .param("ids", byId.keySet().toArray(Long[]::new))
                .query(rs -> {
                    DatasetRow d = byId.get(rs.getLong(1));
                    Ref ref = new Ref(rs.getString(2), rs.getString(3), rs.getString(5));
                    switch (rs.getString(4)) {
                        case "produces" -> d.producingTasks().add(ref);
                        case "consumes" -> d.consumingTasks().add(ref);
                        default -> d.scheduledDags().add(ref);
                    }
                });
        return rows;
    }

    private List<EventRow> withRuns(List<EventRow> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, EventRow> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        jdbc.sql("""
                SELECT l.event_id, r.* FROM dag_run_dataset_event l JOIN dag_run r ON r.id = l.run_pk
                WHERE l.event_id = ANY(:ids) ORDER BY r.id
                """)
                .param("ids", byId.keySet().toArray(Long[]::new))
                .query(rs -> {
                    byId.get(rs.getLong("event_id")).createdDagRuns().add(new RunRef(rs.getString("dag_id"),
                            rs.getString("run_id"), rs.getString("state"), Timestamps.read(rs, "logical_date"),
                            Timestamps.read(rs, "start_date"), Timestamps.read(rs, "end_date"),
                            Timestamps.read(rs, "data_interval_start"), Timestamps.read(rs, "data_interval_end"),
                            rs.getString("partition_key")));
                });
        return rows;
    }

    private static String order(Map<String, String> columns, String orderBy, String fallback) {
        if (orderBy == null || orderBy.isBlank()) {
            return fallback;
        }
        boolean desc = orderBy.startsWith("-");
        String column = columns.get(desc ? orderBy.substring(1) : orderBy);
        if (column == null) {
            throw new IllegalArgumentException("ordering by '" + orderBy + "' is not supported; use one of "
                    + new java.util.TreeSet<>(columns.keySet()));
        }
        return column + (desc ? " DESC" : "");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
