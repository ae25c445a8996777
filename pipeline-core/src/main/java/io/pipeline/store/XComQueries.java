package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/** The read side of {@code xcom} for the API ({@code .../xcomEntries}): every key of one task instance, by key. */
public class XComQueries {

    private final JdbcClient jdbc;

    public XComQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param mapIndex -1 for an unmapped task; null for every instance of the task */
    public Page<XComRow> list(long runPk, String taskId, Integer mapIndex, int limit, int offset) {
        List<XComRow> items = jdbc.sql("""
                        SELECT run_pk, task_id, map_index, key, value, created_at FROM xcom
                        WHERE run_pk = :run AND task_id = :task AND (CAST(:mi AS integer) IS NULL OR map_index = :mi)
                        ORDER BY map_index, key LIMIT :limit OFFSET :offset
                        """)
                .param("run", runPk).param("task", taskId).param("mi", mapIndex).param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> new XComRow(rs.getLong("run_pk"), rs.getString("task_id"), rs.getInt("map_index"),
                        rs.getString("key"), rs.getString("value"), Timestamps.read(rs, "created_at")))
                .list();
        long total = jdbc.sql("""
                        SELECT count(*) FROM xcom
                        WHERE run_pk = :run AND task_id = :task AND (CAST(:mi AS integer) IS NULL OR map_index = :mi)
                        """)
                .param("run", runPk).param("task", taskId).param("mi", mapIndex).query(Long.class).single();
        return new Page<>(items, Math.max(total, items.size()));
    }
}
