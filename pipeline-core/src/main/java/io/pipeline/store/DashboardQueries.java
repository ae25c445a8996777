package io.pipeline.store;

import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.task.Trigger;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Array;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's reads, each page's data in one or two statements whatever its size (a grid of 100 runs by 500 tasks
 * is two queries, not one per cell). Plain SQL over the tables the engine writes; the web renders the records.
 */
public class DashboardQueries {

    /** A DAG as the list shows it. */
    public record DagListRow(String dagId, boolean paused, String description, String owners, List<String> tags,
                             String schedule, Instant nextRunAfter, Instant nextLogicalDate, String importError) {
    }

    /** A run in a DAG's recent-runs strip. */
    public record RunBrief(String runId, DagRunState state, Instant logicalDate) {
    }

    /** How many TIs of one task in one run are in one state (a mapped task has several). */
    public record Cell(long runPk, String taskId, TaskState state, int count) {
    }

    /** One task of one run, for the charts: time span of its instances, its number of tries and their states. */
    public record TaskSpan(long runPk, String taskId, Instant start, Instant end, int tries, List<TaskState> states) {
    }

    /** Runs of a DAG on one day, by state. */
    public record DayCount(LocalDate day, DagRunState state, int count) {
    }

    /** A deferred task instance with what it waits for, the triggerer node holding the wait and its timeout. */
    public record DeferredRow(String dagId, String runId, String taskId, int mapIndex, int tryNumber,
                              Trigger trigger, String triggererId, Instant since, Instant timesOutAt) {
    }

    /** The deferred waits on one page: the first {@code limit} (oldest first) and how many there are in all. */
    public record DeferredPage(List<DeferredRow> rows, int total) {
    }

    private final JdbcClient jdbc;

    public DashboardQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Deferred task instances with their waits, oldest wait first. */
    public DeferredPage deferredWaits(int limit) {
        List<DeferredRow> rows = jdbc.sql("""
                        SELECT w.*, t.dag_id, r.run_id, t.task_id, t.map_index, t.try_number AS ti_try,
                               t.sensor_deadline
                        FROM deferred_wait w
                        JOIN task_instance t ON t.id = w.ti_id AND t.state = 'deferred'
                        JOIN dag_run r ON r.id = t.run_pk
                        ORDER BY w.id
                        LIMIT :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> {
                    DeferredWaitRepository.WaitRow w = DeferredWaitRepository.MAPPER.mapRow(rs, n);
                    return new DeferredRow(rs.getString("dag_id"), rs.getString("run_id"), rs.getString("task_id"),
                            rs.getInt("map_index"), rs.getInt("ti_try"), w.trigger(), w.triggererId(), w.createdAt(),
                            Timestamps.read(rs, "sensor_deadline"));
                })
                .list();
        int total = jdbc.sql("""
                        SELECT count(*) FROM deferred_wait w
                        JOIN task_instance t ON t.id = w.ti_id AND t.state = 'deferred'
                        """).query(Integer.class).single();
        return new DeferredPage(rows, total);
    }

    /** Active DAGs in id order whose id, owner or description contains {@code search}, with {@code tag} if given. */
    public List<DagListRow> dags(String search, String tag) {
        String like = search == null || search.isBlank() ? null
                : "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                        SELECT dag_id, is_paused, description, owners, tags, schedule_description, next_run_after,
                               next_run_logical_date, import_error
                        FROM dag
                        WHERE is_active
                          AND (CAST(:like AS text) IS NULL OR dag_id ILIKE :like OR owners ILIKE :like
                               OR description ILIKE :like)
                          AND (CAST(:tag AS text) IS NULL OR :tag = ANY(tags))
                        ORDER BY dag_id""")
                .param("like", like).param("tag", tag == null || tag.isBlank() ? null : tag)
                .query((rs, n) -> new DagListRow(rs.getString("dag_id"), rs.getBoolean("is_paused"),
                        rs.getString("description"), rs.getString("owners"), texts(rs.getArray("tags")),
                        rs.getString("schedule_description"), Timestamps.read(rs, "next_run_after"),
                        Timestamps.read(rs, "next_run_logical_date"), rs.getString("import_error")))
                .list();
    }

    /** Every tag of an active DAG, sorted. */
    public List<String> tags() {
        return jdbc.sql("SELECT DISTINCT unnest(tags) AS t FROM dag WHERE is_active ORDER BY t")
                .query(String.class).list();
    }

    /** The newest {@code perDag} runs of each DAG, newest first: one index scan per DAG, one statement in all. */
    public Map<String, List<RunBrief>> recentRuns(List<String> dagIds, int perDag) {
        Map<String, List<RunBrief>> out = new HashMap<>();
        jdbc.sql("""
                        SELECT d.id AS dag_id, r.run_id, r.state, r.logical_date
                        FROM unnest(CAST(:ids AS text[])) AS d(id)
                        CROSS JOIN LATERAL (SELECT run_id, state, logical_date FROM dag_run
                                            WHERE dag_id = d.id ORDER BY logical_date DESC LIMIT :n) r""")
                .param("ids", dagIds.toArray(String[]::new)).param("n", perDag)
                .query(rs -> {
                    out.computeIfAbsent(rs.getString("dag_id"), k -> new ArrayList<>()).add(new RunBrief(
                            rs.getString("run_id"), DagRunState.of(rs.getString("state")),
                            Timestamps.read(rs, "logical_date")));
                });
        return out;
    }

    /** The newest {@code limit} runs of a DAG, oldest first (the grid's left-to-right order). */
    public List<DagRunRow> latestRuns(String dagId, int limit) {
        List<DagRunRow> rows = new ArrayList<>(jdbc.sql(
                        "SELECT * FROM dag_run WHERE dag_id = :dag ORDER BY logical_date DESC LIMIT :n")
                .param("dag", dagId).param("n", limit).query(DagRunRepository.MAPPER).list());
        return rows.reversed();
    }

    /** TI state counts per (run, task) of the given runs. */
    public List<Cell> cells(long[] runPks) {
        return jdbc.sql("""
                        SELECT run_pk, task_id, state, count(*) AS n FROM task_instance
                        WHERE run_pk = ANY(:runs) GROUP BY run_pk, task_id, state""")
                .param("runs", runPks)
                .query((rs, i) -> new Cell(rs.getLong("run_pk"), rs.getString("task_id"),
                        TaskState.of(rs.getString("state")), rs.getInt("n")))
                .list();
    }

    /**
     * TI state counts per task of one run, and how many of them are instances of a mapped task (map index >= 0): a
     * mapped task of 50,000 instances is a few rows here, not 50,000.
     */
    public List<TaskStateCount> taskStates(long runPk) {
        return jdbc.sql("""
                        SELECT task_id, state, count(*) AS n, count(*) FILTER (WHERE map_index >= 0) AS mapped
                        FROM task_instance WHERE run_pk = :run GROUP BY task_id, state""")
                .param("run", runPk)
                .query((rs, i) -> new TaskStateCount(rs.getString("task_id"), TaskState.of(rs.getString("state")),
                        rs.getInt("n"), rs.getInt("mapped")))
                .list();
    }

    /** @param mapped how many of {@code count} are instances of a mapped task */
    public record TaskStateCount(String taskId, TaskState state, int count, int mapped) {
    }

    /** Per (run, task): first start, last end and tries of its instances (the most of any instance). */
    public List<TaskSpan> spans(long[] runPks) {
        return jdbc.sql("""
                        SELECT run_pk, task_id, min(start_date) AS s, max(end_date) AS e, max(try_number) AS tries,
                               array_agg(DISTINCT state) AS states
                        FROM task_instance WHERE run_pk = ANY(:runs) GROUP BY run_pk, task_id""")
                .param("runs", runPks)
                .query((rs, i) -> new TaskSpan(rs.getLong("run_pk"), rs.getString("task_id"),
                        Timestamps.read(rs, "s"), Timestamps.read(rs, "e"), rs.getInt("tries"),
                        texts(rs.getArray("states")).stream().map(TaskState::of).toList()))
                .list();
    }

    /** Run counts per day and state in [from, to), days taken in {@code zone} (sessions where the run has one). */
    public List<DayCount> runDays(String dagId, Instant from, Instant to, String zone) {
        return jdbc.sql("""
                        SELECT coalesce(session_date, CAST(timezone(:zone, logical_date) AS date)) AS day, state,
                               count(*) AS n
                        FROM dag_run WHERE dag_id = :dag AND logical_date >= :from AND logical_date < :to
                        GROUP BY 1, 2""")
                .param("zone", zone).param("dag", dagId).param("from", Timestamps.toDb(from))
                .param("to", Timestamps.toDb(to))
                .query((rs, i) -> new DayCount(rs.getDate("day").toLocalDate(), DagRunState.of(rs.getString("state")),
                        rs.getInt("n")))
                .list();
    }

    /** Runs of a DAG by id, for the charts that take a chosen run. */
    public Map<String, DagRunRow> runsById(String dagId, List<String> runIds) {
        Map<String, DagRunRow> out = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM dag_run WHERE dag_id = :dag AND run_id = ANY(:ids)")
                .param("dag", dagId).param("ids", runIds.toArray(String[]::new))
                .query(DagRunRepository.MAPPER).list().forEach(r -> out.put(r.runId(), r));
        return out;
    }

    static List<String> texts(Array array) throws java.sql.SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
