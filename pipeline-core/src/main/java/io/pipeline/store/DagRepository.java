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

    static List<String> textArray(Array array) throws java.sql.SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.asList((String[]) array.getArray());
    }
}
