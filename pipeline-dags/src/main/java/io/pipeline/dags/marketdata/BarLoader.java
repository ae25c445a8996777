package io.pipeline.dags.marketdata;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Loads bars with PostgreSQL COPY into a temporary staging table, then upserts into the target table, all in one
 * transaction: re-running a load gives the same table, and a failed load (bad CSV, duplicate bars in the input)
 * leaves nothing behind. Input is the raw CSV of {@link BarCsv}.
 * <p>
 * The upsert is an UPDATE of the keys that exist (only where a value changed), then a plain INSERT of the rest,
 * rather than {@code INSERT ... ON CONFLICT DO UPDATE}: measured on 1M minute bars, ON CONFLICT's speculative
 * insertion made the insert about 2.7 times slower (docs/decisions/marketdata-bar-upsert.md). Loads into one table
 * take a transaction-scoped advisory lock, so two loads of the same keys cannot race between the two statements.
 * A unique index built on the staging table after the COPY rejects duplicate bars in the input, naming the key.
 */
public final class BarLoader {

    /** One CSV input: a name for messages (e.g. its object key) and its bytes. */
    public interface CsvInput {
        String name();

        InputStream open() throws IOException;
    }

    public record Result(String table, long rows, long inserted, long updated) {
    }

    /** The SQL of one target table, spelled out so that it can be read (no identifier comes from input). */
    private record Target(String table, String stage, String copy, String key, String update, String deleteKnown,
                          String insert, long lockId) {
    }

    private static final Target MINUTE = new Target("bars_1m", "bars_1m_stage",
            "COPY bars_1m_stage (symbol, ts, open, high, low, close, volume, source) FROM STDIN WITH (FORMAT csv, HEADER true)",
            "symbol, ts",
            """
            UPDATE bars_1m t SET open = s.open, high = s.high, low = s.low, close = s.close, volume = s.volume,
                                 source = s.source
            FROM bars_1m_stage s
            WHERE t.symbol = s.symbol AND t.ts = s.ts
              AND (t.open, t.high, t.low, t.close, t.volume, t.source)
                  IS DISTINCT FROM (s.open, s.high, s.low, s.close, s.volume, s.source)""",
            "DELETE FROM bars_1m_stage s USING bars_1m t WHERE t.symbol = s.symbol AND t.ts = s.ts",
            """
            INSERT INTO bars_1m (symbol, ts, open, high, low, close, volume, source)
            SELECT symbol, ts, open, high, low, close, volume, source FROM bars_1m_stage""",
            0x6261727331L);

    private static final Target DAILY = new Target("bars_1d", "bars_1d_stage",
            "COPY bars_1d_stage (symbol, session_date, open, high, low, close, adjusted_close, volume, source)"
                    + " FROM STDIN WITH (FORMAT csv, HEADER true)",
            "symbol, session_date",
            """
            UPDATE bars_1d t SET open = s.open, high = s.high, low = s.low, close = s.close,
                                 adjusted_close = s.adjusted_close, volume = s.volume, source = s.source
            FROM bars_1d_stage s
            WHERE t.symbol = s.symbol AND t.session_date = s.session_date
              AND (t.open, t.high, t.low, t.close, t.adjusted_close, t.volume, t.source)
                  IS DISTINCT FROM (s.open, s.high, s.low, s.close, s.adjusted_close, s.volume, s.source)""",
            "DELETE FROM bars_1d_stage s USING bars_1d t WHERE t.symbol = s.symbol AND t.session_date = s.session_date",
            """
            INSERT INTO bars_1d (symbol, session_date, open, high, low, close, adjusted_close, volume, source)
            SELECT symbol, session_date, open, high, low, close, adjusted_close, volume, source FROM bars_1d_stage""",
            0x6261727332L);

    private final DataSource dataSource;

    public BarLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Result loadMinuteBars(List<? extends CsvInput> inputs) throws SQLException, IOException {
        return load(MINUTE, inputs);
    }

    public Result loadDailyBars(List<? extends CsvInput> inputs) throws SQLException, IOException {
        return load(DAILY, inputs);
    }

    private Result load(Target t, List<? extends CsvInput> inputs) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE " + t.stage() + " (LIKE " + t.table() + " INCLUDING DEFAULTS) ON COMMIT DROP");
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long rows = 0;
                for (CsvInput input : inputs) {
                    rows += copyIn(copy, t, input);
                }
                s.execute("SET LOCAL maintenance_work_mem = '256MB'");
                uniqueStageIndex(s, t);
                s.execute("SELECT pg_advisory_xact_lock(" + t.lockId() + ")");
                long updated = s.executeUpdate(t.update());
                s.executeUpdate(t.deleteKnown());
                long inserted = s.executeUpdate(t.insert());
                c.commit();
                return new Result(t.table(), rows, inserted, updated);
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static long copyIn(CopyManager copy, Target t, CsvInput input) throws SQLException, IOException {
        try (InputStream in = input.open()) {
            return copy.copyIn(t.copy(), in, 1 << 16);
        } catch (SQLException e) {
            throw new SQLException("COPY of " + input.name() + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private static void uniqueStageIndex(Statement s, Target t) throws SQLException {
        try {
            s.execute("CREATE UNIQUE INDEX ON " + t.stage() + " (" + t.key() + ")");
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                String detail = e.getMessage().lines().filter(l -> l.contains("Detail:") || l.contains("Key ("))
                        .findFirst().orElse(e.getMessage()).strip();
                throw new SQLException("duplicate bars in the load input for " + t.table() + ": " + detail,
                        e.getSQLState(), e);
            }
            throw e;
        }
    }
}
