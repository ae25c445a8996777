package io.pipeline.bench.node;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Bytes the metadata database holds per task instance: the tables a run's task instances fill (task_instance,
 * task_try, task_log, xcom, task_progress, dag_run, with their indexes and TOAST), after VACUUM so that dead row
 * versions of the run's state changes are not counted, over the task instances they hold.
 */
record DatabaseSize(long bytes, long taskInstances) {

    static final String TABLES = "'task_instance', 'task_try', 'task_log', 'xcom', 'task_progress', 'dag_run'";

    static DatabaseSize measure(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("VACUUM task_instance, task_try, task_log, xcom, task_progress, dag_run");
            long bytes;
            try (ResultSet rs = s.executeQuery("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = current_schema() AND c.relname IN (" + TABLES + ")")) {
                rs.next();
                bytes = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM task_instance")) {
                rs.next();
                return new DatabaseSize(bytes, rs.getLong(1));
            }
        }
    }

    double bytesPerTaskInstance() {
        return taskInstances == 0 ? Double.NaN : (double) bytes / taskInstances;
    }
}
