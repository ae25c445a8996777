package io.pipeline.store;

import io.pipeline.state.DagRunState;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code dag_run} table. */
public class DagRunRepository {

    /** What a new run is made of. */
    public record NewRun(String dagId, String runId, String runType, Instant logicalDate, Instant dataIntervalStart,
                         Instant dataIntervalEnd, LocalDate sessionDate, Instant runAfter, String confJson,
                         String note, Long backfillId, String partitionKey) {

        /** A run without a partition key. */
        public NewRun(String dagId, String runId, String runType, Instant logicalDate, Instant dataIntervalStart,
                      Instant dataIntervalEnd, LocalDate sessionDate, Instant runAfter, String confJson, String note,
                      Long backfillId) {
            this(dagId, runId, runType, logicalDate, dataIntervalStart, dataIntervalEnd, sessionDate, runAfter,
                    confJson, note, backfillId, null);
        }
    }

    /** Sort keys accepted by {@link #list}, by their API names (Airflow's order_by), mapped to columns. */
    private static final Map<String, String> ORDER_COLUMNS = Map.of(
            "id", "id", "dag_id", "dag_id", "dag_run_id", "run_id", "run_id", "run_id",
            "execution_date", "logical_date", "logical_date", "logical_date", "start_date", "start_date",
            "end_date", "end_date", "state", "state", "run_type", "run_type");

    public static final RowMapper<DagRunRow> MAPPER = (rs, n) -> {
        Date session = rs.getDate("session_date");
        long backfill = rs.getLong("backfill_id");
        Long backfillId = rs.wasNull() ? null : backfill;
        return new DagRunRow(rs.getLong("id"), rs.getString("dag_id"), rs.getString("run_id"),
                rs.getString("run_type"), DagRunState.of(rs.getString("state")),
                Timestamps.read(rs, "logical_date"), Timestamps.read(rs, "data_interval_start"),
                Timestamps.read(rs, "data_interval_end"), session == null ? null : session.toLocalDate(),
                Timestamps.read(rs, "run_after"), rs.getString("conf"), rs.getString("note"), backfillId,
                Timestamps.read(rs, "created_at"), Timestamps.read(rs, "queued_at"),
                Timestamps.read(rs, "start_date"), Timestamps.read(rs, "end_date"),
                Timestamps.read(rs, "updated_at"), rs.getString("partition_key"));
    };

    private final JdbcClient jdbc;
    private final DagRunStateStore states;

    public DagRunRepository(JdbcClient jdbc, DagRunStateStore states) {
        this.jdbc = jdbc;
        this.states = states;
    }

    /**
     * Inserts a queued run unless one exists with the same (dag, logical date) or (dag, run id).
     *
     * @return the new run, or empty when a run with that key already exists (idempotent creation)
     */
    public Optional<DagRunRow> insertIfAbsent(NewRun r, Instant now) {
        return jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, session_date, run_after, conf, note, backfill_id,
                                     created_at, queued_at, updated_at, partition_key)
                VALUES (:dag, :run, :type, 'queued', :ld, :dis, :die, :session, :after, CAST(:conf AS jsonb), :note,
                        :backfill, :now, :now, :now, :pkey)
                ON CONFLICT DO NOTHING
                RETURNING *
                """)
                .param("dag", r.dagId()).param("run", r.runId()).param("type", r.runType())
                .param("ld", Timestamps.toDb(r.logicalDate())).param("dis", Timestamps.toDb(r.dataIntervalStart()))
                .param("die", Timestamps.toDb(r.dataIntervalEnd()))
                .param("session", r.sessionDate() == null ? null : Date.valueOf(r.sessionDate()))
                .param("after", Timestamps.toDb(r.runAfter())).param("conf", r.confJson() == null ? "{}" : r.confJson())
                .param("note", r.note()).param("backfill", r.backfillId()).param("now", Timestamps.toDb(now))
                .param("pkey", r.partitionKey()).query(MAPPER).optional();
    }

    /**
     * Inserts many queued runs (of any DAGs) in one statement, skipping each whose (dag, logical date) or (dag, run
     * id) exists: idempotent creation as {@link #insertIfAbsent}, for the scheduler's batches.
     *
     * @return the runs this statement created (those that existed are left out)
     */
    public List<DagRunRow> insertAllIfAbsent(List<NewRun> newRuns, Instant now) {
        if (newRuns.isEmpty()) {
            return List.of();
        }
        int n = newRuns.size();
        String[] dagIds = new String[n];
        String[] runIds = new String[n];
        String[] types = new String[n];
        String[] lds = new String[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        String[] sessions = new String[n];
        String[] afters = new String[n];
        String[] confs = new String[n];
        String[] notes = new String[n];
        Long[] backfills = new Long[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            NewRun r = newRuns.get(i);
            dagIds[i] = r.dagId();
            runIds[i] = r.runId();
            types[i] = r.runType();
            lds[i] = text(r.logicalDate());
            starts[i] = text(r.dataIntervalStart());
            ends[i] = text(r.dataIntervalEnd());
            sessions[i] = r.sessionDate() == null ? null : r.sessionDate().toString();
            afters[i] = text(r.runAfter());
            confs[i] = r.confJson() == null ? "{}" : r.confJson();
            notes[i] = r.note();
            backfills[i] = r.backfillId();
            keys[i] = r.partitionKey();
        }
        return jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, session_date, run_after, conf, note, backfill_id,
                                     created_at, queued_at, updated_at, partition_key)
                SELECT v.dag_id, v.run_id, v.run_type, 'queued', v.ld, v.dis, v.die, v.session, v.after,
                       CAST(v.conf AS jsonb), v.note, v.backfill, :now, :now, :now, v.pkey
                FROM unnest(CAST(:dags AS text[]), CAST(:runs AS text[]), CAST(:types AS text[]),
                            CAST(:lds AS timestamptz[]), CAST(:starts AS timestamptz[]),
                            CAST(:ends AS timestamptz[]), CAST(:sessions AS date[]), CAST(:afters AS timestamptz[]),
                            CAST(:confs AS text[]), CAST(:notes AS text[]), CAST(:backfills AS bigint[]),
                            CAST(:keys AS text[])) WITH ORDINALITY
                     AS v(dag_id, run_id, run_type, ld, dis, die, session, after, conf, note, backfill, pkey, ord)
                ORDER BY v.ord
                ON CONFLICT DO NOTHING
                RETURNING *
                """)
                .param("dags", dagIds).param("runs", runIds).param("types", types).param("lds", lds)
                .param("starts", starts).param("ends", ends).param("sessions", sessions).param("afters", afters)
                .param("confs", confs).param("notes", notes).param("backfills", backfills).param("keys", keys)
                .param("now", Timestamps.toDb(now))
                .query(MAPPER).list();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    public Optional<DagRunRow> find(String dagId, String runId) {
        return jdbc.sql("SELECT * FROM dag_run WHERE dag_id = :dag AND run_id = :run")
                .param("dag", dagId).param("run", runId).query(MAPPER).optional();
    }

    public Optional<DagRunRow> findByLogicalDate(String dagId, Instant logicalDate) {
        return jdbc.sql("SELECT * FROM dag_run WHERE dag_id = :dag AND logical_date = :ld")
                .param("dag", dagId).param("ld", Timestamps.toDb(logicalDate)).query(MAPPER).optional();
    }

    /** The DAG's run with the latest logical date before {@code logicalDate} (depends_on_past's previous run). */
    public Optional<DagRunRow> previous(String dagId, Instant logicalDate) {
        return jdbc.sql("""
                SELECT * FROM dag_run WHERE dag_id = :dag AND logical_date < :ld ORDER BY logical_date DESC LIMIT 1
                """).param("dag", dagId).param("ld", Timestamps.toDb(logicalDate)).query(MAPPER).optional();
    }

    public Optional<DagRunRow> findById(long id) {
        return jdbc.sql("SELECT * FROM dag_run WHERE id = :id").param("id", id).query(MAPPER).optional();
    }

    /**
     * Locks the run rows in id order (lock order: DAG run before task instance, always) and, in the same round trip,
     * sets this transaction's synchronous_commit ({@code "on"} or {@code "off"}).
     */
    public List<DagRunRow> lockAll(long[] ids, String synchronousCommit) {
        return jdbc.sql("""
                SELECT r.*, set_config('synchronous_commit', :sc, true) AS commit_mode
                FROM dag_run r WHERE r.id = ANY(:ids) ORDER BY r.id FOR UPDATE
                """)
                .param("sc", synchronousCommit).param("ids", ids).query(MAPPER).list();
    }

    /**
     * As {@link #lockAll}, with a shared lock ({@code FOR SHARE}): any number of finishing transactions hold it at
     * once, while a transaction that locks the run exclusively (operators, the scheduler loop, a finishing
     * transaction that may move the run on) or writes its row (the run state gate) waits for them, and they for it.
     */
    public List<DagRunRow> shareAll(long[] ids, String synchronousCommit) {
        return jdbc.sql("""
                SELECT r.*, set_config('synchronous_commit', :sc, true) AS commit_mode
                FROM dag_run r WHERE r.id = ANY(:ids) ORDER BY r.id FOR SHARE
                """)
                .param("sc", synchronousCommit).param("ids", ids).query(MAPPER).list();
    }

    /** Locks the run row (lock order: DAG run before task instance, always). */
    public Optional<DagRunRow> lock(long id) {
        return jdbc.sql("SELECT * FROM dag_run WHERE id = :id FOR UPDATE").param("id", id).query(MAPPER).optional();
    }

    /** The latest scheduled (not manual) run of a DAG, by logical date: where the timetable continues from. */
    public Optional<DagRunRow> latestScheduled(String dagId) {
        return jdbc.sql("""
                SELECT * FROM dag_run WHERE dag_id = :dag AND run_type = 'scheduled'
                ORDER BY logical_date DESC LIMIT 1
                """)
                .param("dag", dagId).query(MAPPER).optional();
    }

    /**
     * The latest scheduled run of each of {@code dagIds} (as {@link #latestScheduled}, one index probe per DAG in one
     * round trip); a DAG without one is absent from the map.
     */
    public Map<String, DagRunRow> latestScheduled(java.util.Collection<String> dagIds) {
        Map<String, DagRunRow> out = new java.util.HashMap<>();
        if (dagIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                SELECT r.* FROM unnest(CAST(:dags AS text[])) AS d(dag_id)
                CROSS JOIN LATERAL (SELECT * FROM dag_run WHERE dag_id = d.dag_id AND run_type = 'scheduled'
                                    ORDER BY logical_date DESC LIMIT 1) r
                """)
                .param("dags", dagIds.toArray(String[]::new))
                .query(MAPPER).list().forEach(r -> out.put(r.dagId(), r));
        return out;
    }

    /**
     * Runs of one DAG ({@code "~"}: of every DAG), filtered and sorted by {@code orderBy} (a field name, {@code -} in
     * front for descending; null: logical date ascending as in Airflow).
     *
     * @throws IllegalArgumentException naming an unknown order_by field
     */
    public Page<DagRunRow> list(String dagId, DagRunFilter f, int limit, int offset, String orderBy) {
        String order = orderClause(orderBy);
        String where = """
                WHERE (:dag = '~' OR dag_id = :dag)
                  AND (cardinality(CAST(:states AS text[])) = 0 OR state = ANY(CAST(:states AS text[])))
                  AND (CAST(:type AS text) IS NULL OR run_type = :type)
                  AND (CAST(:ldGte AS timestamptz) IS NULL OR logical_date >= :ldGte)
                  AND (CAST(:ldLte AS timestamptz) IS NULL OR logical_date <= :ldLte)
                  AND (CAST(:sdGte AS timestamptz) IS NULL OR start_date >= :sdGte)
                  AND (CAST(:sdLte AS timestamptz) IS NULL OR start_date <= :sdLte)
                  AND (CAST(:edGte AS timestamptz) IS NULL OR end_date >= :edGte)
                  AND (CAST(:edLte AS timestamptz) IS NULL OR end_date <= :edLte)
                """;
        String[] states = f.states().stream().map(DagRunState::value).toArray(String[]::new);
        List<DagRunRow> rows = bindFilter(jdbc.sql("SELECT * FROM dag_run " + where + order
                        + " LIMIT :limit OFFSET :offset"), dagId, f, states)
                .param("limit", limit).param("offset", offset)
                .query(MAPPER).list();
        long total = bindFilter(jdbc.sql("SELECT count(*) FROM dag_run " + where), dagId, f, states)
                .query(Long.class).single();
        return new Page<>(rows, total);
    }

    private static JdbcClient.StatementSpec bindFilter(JdbcClient.StatementSpec s, String dagId, DagRunFilter f,
                                                      String[] states) {
        return s.param("dag", dagId).param("states", states).param("type", f.runType())
                .param("ldGte", Timestamps.toDb(f.logicalDateGte())).param("ldLte", Timestamps.toDb(f.logicalDateLte()))
                .param("sdGte", Timestamps.toDb(f.startDateGte())).param("sdLte", Timestamps.toDb(f.startDateLte()))
                .param("edGte", Timestamps.toDb(f.endDateGte())).param("edLte", Timestamps.toDb(f.endDateLte()));
    }

    static String orderClause(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return " ORDER BY logical_date, id";
        }
        boolean desc = orderBy.startsWith("-");
        String field = desc ? orderBy.substring(1) : orderBy;
        String column = ORDER_COLUMNS.get(field);
        if (column == null) {
            throw new IllegalArgumentException("cannot order DAG runs by '" + orderBy + "'; use one of "
                    + ORDER_COLUMNS.keySet().stream().sorted().toList() + " with an optional '-' for descending");
        }
        return " ORDER BY " + column + (desc ? " DESC NULLS LAST" : " NULLS FIRST") + ", id" + (desc ? " DESC" : "");
    }

    /**
     * Number of running runs of a DAG that count against its max_active_runs: all but backfill runs, which have
     * their backfill's own limit.
     */
    public int countRunning(String dagId) {
        return jdbc.sql("SELECT count(*) FROM dag_run WHERE dag_id = :dag AND state = 'running' AND backfill_id IS NULL")
                .param("dag", dagId).query(Integer.class).single();
    }

    /**
     * Ids of a DAG's queued runs (not of backfills: their runs are started under the backfill's limit), oldest
     * logical date first, locked (skipping runs another node holds).
     */
    public List<Long> lockQueued(String dagId, int limit) {
        return jdbc.sql("""
                SELECT id FROM dag_run WHERE dag_id = :dag AND state = 'queued' AND backfill_id IS NULL
                ORDER BY logical_date LIMIT :limit FOR UPDATE SKIP LOCKED
                """)
                .param("dag", dagId).param("limit", limit).query(Long.class).list();
    }

    /** A queued run picked to start: its id and DAG. */
    public record QueuedRun(long id, String dagId) {
    }

    /**
     * For many DAGs at once ({@code dagIds[i]} with {@code maxActiveRuns[i]}, the caller holding their DAG rows'
     * locks): the queued runs (not of backfills) that fit under each DAG's max_active_runs beside its running ones,
     * oldest logical date first per DAG, locked (skipping runs another node holds). One statement; DAGs in the
     * order given, each DAG's runs by logical date.
     */
    public List<QueuedRun> lockQueuedWithinLimits(String[] dagIds, int[] maxActiveRuns) {
        if (dagIds.length == 0) {
            return List.of();
        }
        return jdbc.sql("""
                WITH d AS (
                    SELECT d.dag_id, d.max_runs, d.ord FROM unnest(CAST(:dags AS text[]), CAST(:maxes AS int[]))
                        WITH ORDINALITY AS d(dag_id, max_runs, ord)
                ), room AS (
                    SELECT d.dag_id, d.ord, d.max_runs - (SELECT count(*) FROM dag_run r
                        WHERE r.dag_id = d.dag_id AND r.state = 'running' AND r.backfill_id IS NULL) AS room
                    FROM d
                )
                SELECT q.id, room.dag_id FROM room CROSS JOIN LATERAL (
                    SELECT r.id, r.logical_date FROM dag_run r
                    WHERE r.dag_id = room.dag_id AND r.state = 'queued' AND r.backfill_id IS NULL
                    ORDER BY r.logical_date LIMIT greatest(room.room, 0) FOR UPDATE SKIP LOCKED
                ) q
                WHERE room.room > 0
                ORDER BY room.ord, q.logical_date
                """)
                .param("dags", dagIds).param("maxes", maxActiveRuns)
                .query((rs, n) -> new QueuedRun(rs.getLong("id"), rs.getString("dag_id"))).list();
    }

    /** queued -> running for many locked runs in one statement ({@link DagRunStateStore#startAll}). */
    public List<DagRunRow> startAll(long[] ids, Instant now) {
        return states.startAll(ids, now);
    }

    /**
     * Moves a run to {@code to} through {@link DagRunStateStore} (the one gate for run states); start/end dates follow
     * the state. Returns false when the run was not in {@code from}.
     */
    public boolean updateState(long id, DagRunState from, DagRunState to, Instant now) {
        return states.updateState(id, from, to, now);
    }
}
