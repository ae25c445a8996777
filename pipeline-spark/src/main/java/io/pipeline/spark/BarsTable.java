package io.pipeline.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * Writes daily bars into {@code bars_1d}: the executors write them over JDBC into an unlogged staging table of this
 * load's own, then the driver upserts from it in one transaction and drops it, so that a failed job leaves
 * {@code bars_1d} as it was (Spark's JDBC writer commits per partition, so writing the target directly could leave
 * part of a load behind). A repeated key in the input fails the upsert, naming the conflict.
 */
final class BarsTable {

    /** What a load did. */
    record Result(long rows, long inserted, long updated) {
    }

    private static final String UPSERT = """
            INSERT INTO bars_1d AS t (symbol, session_date, open, high, low, close, adjusted_close, volume, source)
            SELECT symbol, session_date, open, high, low, close, adjusted_close, volume, source FROM %s
            ON CONFLICT (symbol, session_date) DO UPDATE SET open = excluded.open, high = excluded.high,
                low = excluded.low, close = excluded.close, adjusted_close = excluded.adjusted_close,
                volume = excluded.volume, source = excluded.source
            WHERE (t.open, t.high, t.low, t.close, t.adjusted_close, t.volume, t.source)
                IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.adjusted_close,
                                  excluded.volume, excluded.source)
            RETURNING (xmax = 0) AS inserted""";

    private final String url;
    private final Properties login = new Properties();

    BarsTable(String url, String user, String password) {
        this.url = url;
        if (user != null && !user.isEmpty()) {
            login.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            login.setProperty("password", password);
        }
    }

    Result upsert(Dataset<Row> daily) throws SQLException {
        String stage = "bars_1d_spark_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(url, login)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE UNLOGGED TABLE " + stage + " (LIKE bars_1d INCLUDING DEFAULTS)");
            }
            try {
                Properties props = new Properties();
                props.putAll(login);
                props.setProperty("driver", "org.postgresql.Driver");
                daily.write().mode(SaveMode.Append).jdbc(url, stage, props);
                return merge(c, stage);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + stage);
                }
            }
        }
    }

    private static Result merge(Connection c, String stage) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            long rows;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + stage)) {
                rs.next();
                rows = rs.getLong(1);
            }
            long inserted = 0;
            long updated = 0;
            try (ResultSet rs = s.executeQuery(UPSERT.formatted(stage))) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) {
                        inserted++;
                    } else {
                        updated++;
                    }
                }
            }
            c.commit();
            return new Result(rows, inserted, updated);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
