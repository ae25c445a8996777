package io.pipeline.dags.marketdata;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Loads bars with PostgreSQL COPY into a temporary staging table, then upserts into the target table, all in one
 * transaction: re-running a load gives the same table, and a failed load (bad CSV, duplicate bars in the input)
 * leaves nothing behind. Input is the raw CSV of {@link BarCsv}.
 */
public final class BarLoader {

    /** One CSV input: a name for messages (e.g. its object key) and its bytes. */
    public interface CsvInput {
        String name();

        InputStream open() throws IOException;
    }

    public record Result(String table, long rows) {
    }

    private static final String MINUTE_UPSERT = """
            INSERT INTO bars_1m (symbol, ts, open, high, low, close, volume, source)
            SELECT symbol, ts, open, high, low, close, volume, source FROM bars_1m_stage
            ON CONFLICT (symbol, ts) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
                close = EXCLUDED.close, volume = EXCLUDED.volume, source = EXCLUDED.source""";

    private static final String DAILY_UPSERT = """
            INSERT INTO bars_1d (symbol, session_date, open, high, low, close, adjusted_close, volume, source)
            SELECT symbol, session_date, open, high, low, close, adjusted_close, volume, source FROM bars_1d_stage
            ON CONFLICT (symbol, session_date) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high,
                low = EXCLUDED.low, close = EXCLUDED.close, adjusted_close = EXCLUDED.adjusted_close,
                volume = EXCLUDED.volume, source = EXCLUDED.source""";

    private final DataSource dataSource;

    public BarLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Result loadMinuteBars(List<? extends CsvInput> inputs) throws SQLException, IOException {
        return load("bars_1m", "symbol, ts, open, high, low, close, volume, source", "symbol, ts", MINUTE_UPSERT, inputs);
    }

    public Result loadDailyBars(List<? extends CsvInput> inputs) throws SQLException, IOException {
        return load("bars_1d", "symbol, session_date, open, high, low, close, adjusted_close, volume, source",
                "symbol, session_date", DAILY_UPSERT, inputs);
    }

    private Result load(String table, String columns, String key, String upsert, List<? extends CsvInput> inputs)
            throws SQLException, IOException {
        String stage = table + "_stage";
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // the staging table has no index: COPY appends at full speed, the upsert probes the target's key
                s.execute("CREATE TEMP TABLE " + stage + " (LIKE " + table + " INCLUDING DEFAULTS) ON COMMIT DROP");
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                for (CsvInput input : inputs) {
                    copyIn(copy, stage, columns, input);
                }
                long rows;
                Savepoint beforeUpsert = c.setSavepoint();
                try {
                    rows = s.executeUpdate(upsert);
                } catch (SQLException e) {
                    if ("21000".equals(e.getSQLState())) {
                        c.rollback(beforeUpsert);
                        throw new SQLException("duplicate bars in the load input for " + table + ": "
                                + firstDuplicate(s, stage, key), e.getSQLState(), e);
                    }
                    throw e;
                }
                c.commit();
                return new Result(table, rows);
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static void copyIn(CopyManager copy, String stage, String columns, CsvInput input) throws SQLException, IOException {
        try (InputStream in = input.open()) {
            copy.copyIn("COPY " + stage + " (" + columns + ") FROM STDIN WITH (FORMAT csv, HEADER true)", in, 1 << 16);
        } catch (SQLException e) {
            throw new SQLException("COPY of " + input.name() + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private static String firstDuplicate(Statement s, String stage, String key) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT " + key + ", count(*) FROM " + stage + " GROUP BY " + key
                + " HAVING count(*) > 1 ORDER BY " + key + " LIMIT 1")) {
            return rs.next() ? rs.getString(1) + " at " + rs.getString(2) + " appears " + rs.getLong(3) + " times"
                    : "(none found)";
        }
    }
}
