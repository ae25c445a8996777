package io.pipeline.store;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Array;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code dag} table. */
public class DagRepository {

    /** What the loaded code says about a DAG; written on every sync. */
    public record DagDefinitionRow(
            String dagId, String description, String fileloc, String owners, List<String> tags,
            String scheduleExpression, String scheduleDescription, boolean catchup, Instant startDate,
            Instant endDate, int maxActiveRuns, int maxActiveTasks) {
    }

    private static final RowMapper<DagRow> MAPPER = (rs, n) -> new DagRow(
            rs.getString("dag_id"), rs.getBoolean("is_paused"), rs.getBoolean("is_active"),
            rs.getString("description"), rs.getString("fileloc"), rs.getString("owners"),
            textArray(rs.getArray("tags")), rs.getString("schedule_expression"),
            rs.getString("schedule_description"), rs.getBoolean("catchup"),
            Timestamps.read(rs, "start_date"), Timestamps.read(rs, "end_date"),
            rs.getInt("max_active_runs"), rs.getInt("max_active_tasks"), rs.getString("import_error"),
            Timestamps.read(rs, "next_run_logical_date"), Timestamps.read(rs, "next_run_interval_start"),
            Timestamps.read(rs, "next_run_interval_end"), Timestamps.read(rs, "next_run_after"),
            Timestamps.read(rs, "last_parsed_at"));

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public DagRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or updates the definition columns; a new DAG starts with the given pause flag, an existing keeps its own. */
    public void upsertDefinition(DagDefinitionRow d, boolean pausedIfNew, Instant now) {
        jdbc.sql("""
                INSERT INTO dag (dag_id, is_paused, is_active, description, fileloc, owners, tags, schedule_expression,
                                 schedule_description, catchup, start_date, end_date, max_active_runs, max_active_tasks,
                                 import_error, last_parsed_at, created_at, updated_at)
                VALUES (:id, :paused, true, :description, :fileloc, :owners, :tags, :expr, :schedule, :catchup,
                        :start, :end, :maxRuns, :maxTasks, null, :now, :now, :now)
                ON CONFLICT (dag_id) DO UPDATE SET
                    is_active = true, description = excluded.description, fileloc = excluded.fileloc,
                    owners = excluded.owners, tags = excluded.tags, schedule_expression = excluded.schedule_expression,
                    schedule_description = excluded.schedule_description, catchup = excluded.catchup,
                    start_date = excluded.start_date, end_date = excluded.end_date,
                    max_active_runs = excluded.max_active_runs, max_active_tasks = excluded.max_active_tasks,
                    import_error = null, last_parsed_at = excluded.last_parsed_at, updated_at = excluded.updated_at
                """)
                .param("id", d.dagId()).param("paused", pausedIfNew).param("description", d.description())
                .param("fileloc", d.fileloc()).param("owners", d.owners())
                .param("tags", d.tags().toArray(String[]::new)).param("expr", d.scheduleExpression())
                .param("schedule", d.scheduleDescription()).param("catchup", d.catchup())
                .param("start", Timestamps.toDb(d.startDate())).param("end", Timestamps.toDb(d.endDate()))
                .param("maxRuns", d.maxActiveRuns()).param("maxTasks", d.maxActiveTasks())
                .param("now", Timestamps.toDb(now))
                .update();
    }

    /**
     * {@link #upsertDefinition} for many DAGs in one statement (the sync at start: a thousand DAGs were a thousand
     * round trips). Ids must be distinct.
     */
    public void upsertDefinitions(List<DagDefinitionRow> rows, boolean pausedIfNew, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] ids = new String[n];
        String[] descriptions = new String[n];
        String[] filelocs = new String[n];
        String[] owners = new String[n];
        String[] tags = new String[n];
        String[] exprs = new String[n];
        String[] schedules = new String[n];
        Boolean[] catchups = new Boolean[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        Integer[] maxRuns = new Integer[n];
        Integer[] maxTasks = new Integer[n];
        for (int i = 0; i < n; i++) {
            DagDefinitionRow d = rows.get(i);
            ids[i] = d.dagId();
            descriptions[i] = d.description();
            filelocs[i] = d.fileloc();
            owners[i] = d.owners();
            tags[i] = tagsJson(d.tags());
            exprs[i] = d.scheduleExpression();
            schedules[i] = d.scheduleDescription();
            catchups[i] = d.catchup();
            starts[i] = text(d.startDate());
            ends[i] = text(d.endDate());
            maxRuns[i] = d.maxActiveRuns();
            maxTasks[i] = d.maxActiveTasks();
        }
        jdbc.sql("""
                INSERT INTO dag (dag_id, is_paused, is_active, description, fileloc, owners, tags, schedule_expression,
                                 schedule_description, catchup, start_date, end_date, max_active_runs, max_active_tasks,
                                 import_error, last_parsed_at, created_at, updated_at)
                SELECT v.id, :paused, true, v.description, v.fileloc, v.owners,
                       ARRAY(SELECT jsonb_array_elements_text(CAST(v.tags AS jsonb))), v.expr, v.schedule,
                       v.catchup, v.start_date, v.end_date, v.max_runs, v.max_tasks, null, :now, :now, :now
                FROM unnest(CAST(:ids AS text[]), CAST(:descriptions AS text[]), CAST(:filelocs AS text[]),
                            CAST(:owners AS text[]), CAST(:tags AS text[]), CAST(:exprs AS text[]),
                            CAST(:schedules AS text[]), CAST(:catchups AS boolean[]), CAST(:starts AS timestamptz[]),
                            CAST(:ends AS timestamptz[]), CAST(:maxRuns AS int[]), CAST(:maxTasks AS int[]))
                     AS v(id, description, fileloc, owners, tags, expr, schedule, catchup, start_date, end_date,
                          max_runs, max_tasks)
                ON CONFLICT (dag_id) DO UPDATE SET
                    is_active = true, description = excluded.description, fileloc = excluded.fileloc,
                    owners = excluded.owners, tags = excluded.tags, schedule_expression = excluded.schedule_expression,
                    schedule_description = excluded.schedule_description, catchup = excluded.catchup,
                    start_date = excluded.start_date, end_date = excluded.end_date,
                    max_active_runs = excluded.max_active_runs, max_active_tasks = excluded.max_active_tasks,
                    import_error = null, last_parsed_at = excluded.last_parsed_at, updated_at = excluded.updated_at
                """)
                .param("paused", pausedIfNew).param("ids", ids).param("descriptions", descriptions)
                .param("filelocs", filelocs).param("owners", owners).param("tags", tags).param("exprs", exprs)
                .param("schedules", schedules).param("catchups", catchups).param("starts", starts)
                .param("ends", ends).param("maxRuns", maxRuns).param("maxTasks", maxTasks)
                .param("now", Timestamps.toDb(now))
                .update();
    }

    /** A DAG's tags as a JSON array text: one text[] column cannot carry a list per row. */
    private static String tagsJson(List<String> tags) {
        return JSON.writeValueAsString(tags);
    }

    /** Records an import error for a DAG id (creating a paused-as-configured row if it never loaded). */
    public void setImportError(String dagId, String fileloc, String message, boolean pausedIfNew, Instant now) {
        jdbc.sql("""
                INSERT INTO dag (dag_id, is_paused, is_active, fileloc, import_error, last_parsed_at, created_at, updated_at)
                VALUES (:id, :paused, true, :fileloc, :error, :now, :now, :now)
                ON CONFLICT (dag_id) DO UPDATE SET import_error = excluded.import_error, is_active = true,
                    fileloc = coalesce(excluded.fileloc, dag.fileloc), last_parsed_at = excluded.last_parsed_at,
                    updated_at = excluded.updated_at
                """)
                .param("id", dagId).param("paused", pausedIfNew).param("fileloc", fileloc).param("error", message)
                .param("now", Timestamps.toDb(now))
                .update();
    }

    /** Marks DAGs that the deployed code no longer defines as inactive (their history stays). */
    public int deactivateAllExcept(Collection<String> dagIds, Instant now) {
        return jdbc.sql("""
                UPDATE dag SET is_active = false, updated_at = :now
                WHERE is_active AND NOT (dag_id = ANY(:ids))
                """)
                .param("ids", dagIds.toArray(String[]::new)).param("now", Timestamps.toDb(now))
                .update();
    }

    public Optional<DagRow> find(String dagId) {
        return jdbc.sql("SELECT * FROM dag WHERE dag_id = :id").param("id", dagId).query(MAPPER).optional();
    }

    /** Active DAGs in id order, optionally only those whose id contains {@code idPattern} (case-insensitive). */
    public Page<DagRow> list(String idPattern, Boolean paused, int limit, int offset) {
        String like = idPattern == null ? null : "%" + idPattern.replace("%", "\\%").replace("_", "\\_") + "%";
        String where = """
                WHERE is_active AND (CAST(:like AS text) IS NULL OR dag_id ILIKE :like)
                  AND (CAST(:paused AS boolean) IS NULL OR is_paused = :paused)
                """;
        List<DagRow> rows = jdbc.sql("SELECT * FROM dag " + where + " ORDER BY dag_id LIMIT :limit OFFSET :offset")
                .param("like", like).param("paused", paused).param("limit", limit).param("offset", offset)
                .query(MAPPER).list();
        long total = jdbc.sql("SELECT count(*) FROM dag " + where)
                .param("like", like).param("paused", paused).query(Long.class).single();
        return new Page<>(rows, total);
    }

    /** @return false when there is no such DAG */
    public boolean setPaused(String dagId, boolean paused, Instant now) {
        return jdbc.sql("UPDATE dag SET is_paused = :paused, updated_at = :now WHERE dag_id = :id")
                .param("paused", paused).param("now", Timestamps.toDb(now)).param("id", dagId)
                .update() == 1;
    }

    public List<String> unpausedActiveIds() {
        return jdbc.sql("SELECT dag_id FROM dag WHERE is_active AND NOT is_paused AND import_error IS NULL ORDER BY dag_id")
                .query(String.class).list();
    }

    public void setNextRun(String dagId, Instant logicalDate, Instant intervalStart, Instant intervalEnd, Instant runAfter) {
        jdbc.sql("""
                UPDATE dag SET next_run_logical_date = :ld, next_run_interval_start = :s, next_run_interval_end = :e,
                               next_run_after = :after
                WHERE dag_id = :id AND (next_run_logical_date IS DISTINCT FROM :ld OR next_run_after IS DISTINCT FROM :after)
                """)
                .param("ld", Timestamps.toDb(logicalDate)).param("s", Timestamps.toDb(intervalStart))
                .param("e", Timestamps.toDb(intervalEnd)).param("after", Timestamps.toDb(runAfter))
                .param("id", dagId)
                .update();
    }

    /** A DAG's next run as {@link #setNextRun} writes it (all null: no next run). */
    public record NextRun(String dagId, Instant logicalDate, Instant intervalStart, Instant intervalEnd,
                          Instant runAfter) {
    }

    /** {@link #setNextRun} for many DAGs in one statement; rows whose next run did not change are not written. */
    public void setNextRuns(List<NextRun> next) {
        if (next.isEmpty()) {
            return;
        }
        int n = next.size();
        String[] ids = new String[n];
        String[] lds = new String[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        String[] afters = new String[n];
        for (int i = 0; i < n; i++) {
            NextRun r = next.get(i);
            ids[i] = r.dagId();
            lds[i] = text(r.logicalDate());
            starts[i] = text(r.intervalStart());
            ends[i] = text(r.intervalEnd());
            afters[i] = text(r.runAfter());
        }
        jdbc.sql("""
                UPDATE dag d SET next_run_logical_date = v.ld, next_run_interval_start = v.s,
                                 next_run_interval_end = v.e, next_run_after = v.after
                FROM unnest(CAST(:ids AS text[]), CAST(:lds AS timestamptz[]), CAST(:starts AS timestamptz[]),
                            CAST(:ends AS timestamptz[]), CAST(:afters AS timestamptz[])) AS v(id, ld, s, e, after)
                WHERE d.dag_id = v.id
                  AND (d.next_run_logical_date IS DISTINCT FROM v.ld OR d.next_run_after IS DISTINCT FROM v.after)
                """)
                .param("ids", ids).param("lds", lds).param("starts", starts).param("ends", ends)
                .param("afters", afters)
                .update();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static List<String> textArray(Array array) throws java.sql.SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.asList((String[]) array.getArray());
    }
}
