package io.pipeline.ops;

import io.pipeline.store.Page;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the audit log: filtered, paged and ordered by Airflow's EventLog field names. */
public class AuditQuery {

    /** order_by fields (API names) and their columns; the only text that reaches the SQL besides bind markers. */
    static final Map<String, String> ORDER = Map.of("event_log_id", "id", "when", "event_time", "dag_id", "dag_id",
            "task_id", "task_id", "run_id", "run_id", "event", "event", "execution_date", "logical_date",
            "owner", "owner", "map_index", "map_index", "try_number", "try_number");

    private static final RowMapper<AuditEntry> MAPPER = (rs, n) -> new AuditEntry(rs.getLong("id"),
            Timestamps.read(rs, "event_time"), rs.getString("event"), rs.getString("owner"), rs.getString("dag_id"),
            rs.getString("run_id"), rs.getString("task_id"), (Integer) rs.getObject("map_index"),
            (Integer) rs.getObject("try_number"), Timestamps.read(rs, "logical_date"), rs.getString("extra"));

    /**
     * Every filter, each switched off by a null (or empty) parameter. PostgreSQL folds the switched-off ones away
     * when it plans with the values (a custom plan, which it keeps choosing: a generic plan of this text cannot use
     * an index), so a user's listing is planned as {@code owner = ?} and the excluded_events test.
     */
    private static final String WHERE = """
            WHERE (CAST(:dag AS text) IS NULL OR dag_id = :dag)
              AND (CAST(:task AS text) IS NULL OR task_id = :task)
              AND (CAST(:run AS text) IS NULL OR run_id = :run)
              AND (CAST(:mapIndex AS int) IS NULL OR map_index = :mapIndex)
              AND (CAST(:tryNumber AS int) IS NULL OR try_number = :tryNumber)
              AND (CAST(:event AS text) IS NULL OR event = :event)
              AND (CAST(:owner AS text) IS NULL OR owner = :owner)
              AND (CAST(:before AS timestamptz) IS NULL OR event_time < :before)
              AND (CAST(:after AS timestamptz) IS NULL OR event_time > :after)
              AND (cardinality(CAST(:included AS text[])) = 0 OR event = ANY(CAST(:included AS text[])))
              AND NOT (event = ANY(CAST(:excluded AS text[])))
            """;

    /** total_entries: exact, as Airflow's; with the user filter an index-only scan of audit_log_owner_event. */
    static final String COUNT = "SELECT count(*) FROM audit_log " + WHERE;

    /** Columns that are never null: ordered without a NULLS clause, so that an index on them gives the order. */
    private static final Set<String> NOT_NULL = Set.of("id", "event_time", "event");

    private final JdbcClient jdbc;

    public AuditQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param orderBy an API field name, {@code -} in front for descending; null: {@code event_log_id}
     * @throws IllegalArgumentException naming an unknown order_by field or a bad limit/offset
     */
    public Page<AuditEntry> list(AuditFilter f, int limit, int offset, String orderBy) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0, got limit " + limit
                    + ", offset " + offset);
        }
        List<AuditEntry> rows = bind(jdbc.sql(pageSql(orderBy)), f)
                .param("limit", limit).param("offset", offset).query(MAPPER).list();
        long total = bind(jdbc.sql(COUNT), f).query(Long.class).single();
        return new Page<>(rows, total);
    }

    /**
     * The page: the ids of its rows first, from the filter and order alone, then those rows by primary key. With
     * the user filter the ids come from audit_log_owner_event (V310) without visiting the table, so a page deep in
     * a user's history reads the index entries before it and then only its own rows from the table.
     *
     * @throws IllegalArgumentException naming an unknown order_by field
     */
    static String pageSql(String orderBy) {
        String order = orderClause(orderBy);
        return "SELECT a.* FROM audit_log a JOIN (SELECT id FROM audit_log " + WHERE + order
                + " LIMIT :limit OFFSET :offset) ids USING (id)" + order;
    }

    public Optional<AuditEntry> get(long id) {
        return jdbc.sql("SELECT * FROM audit_log WHERE id = :id").param("id", id).query(MAPPER).optional();
    }

    static String orderClause(String orderBy) {
        String o = orderBy == null || orderBy.isBlank() ? "event_log_id" : orderBy.trim();
        boolean desc = o.startsWith("-");
        String column = ORDER.get(desc ? o.substring(1) : o);
        if (column == null) {
            throw new IllegalArgumentException("cannot order event logs by '" + o + "'; use one of "
                    + ORDER.keySet().stream().sorted().toList() + " with an optional '-' for descending");
        }
        if (column.equals("id")) {
            return " ORDER BY id" + (desc ? " DESC" : "");
        }
        String nulls = NOT_NULL.contains(column) ? "" : desc ? " NULLS LAST" : " NULLS FIRST";
        return " ORDER BY " + column + (desc ? " DESC" : "") + nulls + ", id" + (desc ? " DESC" : "");
    }

    static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec s, AuditFilter f) {
        return s.param("dag", f.dagId()).param("task", f.taskId()).param("run", f.runId())
                .param("mapIndex", f.mapIndex()).param("tryNumber", f.tryNumber()).param("event", f.event())
                .param("owner", f.owner()).param("before", Timestamps.toDb(f.before()))
                .param("after", Timestamps.toDb(f.after()))
                .param("included", f.includedEvents().toArray(String[]::new))
                .param("excluded", f.excludedEvents().toArray(String[]::new));
    }
}
