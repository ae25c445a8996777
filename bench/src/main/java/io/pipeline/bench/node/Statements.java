package io.pipeline.bench.node;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * With {@code -Dbench.node.pgstat=true}: the node's statements during the fan-out from pg_stat_statements, per 1,000
 * task instances (calls, execution time, rows), printed to the benchmark's log, largest total time first.
 */
record Statements(String url) {

    static Statements reset(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
        return new Statements(url);
    }

    void print(int tis) throws SQLException {
        double per = 1000.0 / tis;
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT calls, total_exec_time, rows, shared_blks_hit + shared_blks_read AS blocks,
                            regexp_replace(query, '\\s+', ' ', 'g') AS query
                     FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                     ORDER BY total_exec_time DESC LIMIT 40""")) {
            System.out.println("statements per 1000 TIs: calls | exec ms | rows | blocks | query");
            double totalMs = 0;
            while (r.next()) {
                totalMs += r.getDouble("total_exec_time");
                String q = r.getString("query");
                System.out.printf(Locale.ROOT, "  %8.1f | %8.1f | %8.1f | %8.1f | %s%n", r.getLong("calls") * per,
                        r.getDouble("total_exec_time") * per, r.getLong("rows") * per, r.getLong("blocks") * per,
                        q.length() > 220 ? q.substring(0, 220) + "..." : q);
            }
            System.out.printf(Locale.ROOT, "  statement execution ms per 1000 TIs (top 40): %.1f%n", totalMs * per);
        }
    }
}
