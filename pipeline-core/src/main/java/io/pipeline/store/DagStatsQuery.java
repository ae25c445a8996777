package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Airflow's {@code /dagStats}: how many runs of each DAG are in each state. */
public class DagStatsQuery {

    private final JdbcClient jdbc;

    public DagStatsQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** DAG id → state → count, for the given DAGs (states without runs are absent). */
    public Map<String, Map<String, Long>> runCounts(List<String> dagIds) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        if (dagIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT dag_id, state, count(*) AS n FROM dag_run
                        WHERE dag_id IN (:dags) GROUP BY dag_id, state ORDER BY dag_id, state
                        """)
                .param("dags", dagIds)
                .query(rs -> {
                    out.computeIfAbsent(rs.getString("dag_id"), d -> new LinkedHashMap<>())
                            .put(rs.getString("state"), rs.getLong("n"));
                });
        return out;
    }
}
