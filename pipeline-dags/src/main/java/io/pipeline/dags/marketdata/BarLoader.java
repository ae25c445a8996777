package io.pipeline.dags.marketdata;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loads bars with PostgreSQL COPY, all in one transaction: re-running a load gives the same table, and a failed load
 * (bad CSV, duplicate bars in the input) leaves nothing behind. Input is the raw CSV of {@link BarCsv}.
 * <p>
 * When none of the input's keys is stored yet (the usual load of new sessions), the CSV is COPYed straight into the
 * target under a savepoint: the data is written once, and the target's primary key proves there was nothing to
 * update. If a key is already stored (a re-run, a correction) or repeats within the input, COPY stops at it; the
 * load rolls back to the savepoint and goes through a staging table (unlogged, one per load), then upserts.
 * <p>
 * The upsert is an UPDATE of the keys that exist (only where a value changed), then a plain INSERT of the rest,
 * rather than {@code INSERT ... ON CONFLICT DO UPDATE}: measured on 1M minute bars, ON CONFLICT's speculative
 * insertion made the insert about 2.7 times slower (docs/decisions/marketdata-bar-upsert.md). Loads into one table
 * take a transaction-scoped advisory lock, so two loads of the same keys cannot race between the two statements.
 * Duplicate bars in the input fail the load: new keys through the target's primary key (PostgreSQL names the key),
 * stored keys through a count of the staged rows the upsert matched.
 */
public final class BarLoader {

    /**
     * One CSV input: a name for messages (e.g. its object key) and its bytes. {@link #open()} may be called twice:
     * a load that meets a stored key reads its inputs again for the staging table.
     */
    public interface CsvInput {
        String name();

        InputStream open() throws IOException;
    }

    /**
     * What a load did, with the milliseconds spent copying (straight into the target, or into the staging table) and
     * upserting from the staging table; {@code direct} when the COPY into the target took it all.
     */
    public record Result(String table, long rows, long inserted, long updated, long copyMs, long upsertMs,
                         boolean direct) {
    }

    /** The SQL of one target table, spelled out so that it can be read (no identifier comes from input). */
    private record Target(String table, String stage, String copy, String key, String update, String deleteKnown,
                          String insert, long lockId) {

        /** The COPY of the template, into the target itself. */
        String directCopy() {
            return copy.replace(stage, table);
        }

        Target withStage(String name) {
            return new Target(table, name, copy.replace(stage, name), key, update.replace(stage, name),
                    deleteKnown.replace(stage, name), insert.replace(stage, name), lockId);
        }
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

    private static final String UNIQUE_VIOLATION = "23505";

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

    private Result load(Target template, List<? extends CsvInput> inputs) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + template.lockId() + ")");
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long t0 = System.nanoTime();
                long direct = copyDirect(c, copy, template, inputs);
                if (direct >= 0) {
                    c.commit();
                    return new Result(template.table(), direct, direct, 0, (System.nanoTime() - t0) / 1_000_000, 0, true);
                }
                // unlogged (no WAL; a temporary table measured no faster, docs/decisions/marketdata-bar-upsert.md),
                // a name of its own per load, dropped at commit, and gone on rollback
                Target t = template.withStage(template.stage() + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
                s.execute("CREATE UNLOGGED TABLE " + t.stage() + " (LIKE " + t.table() + " INCLUDING DEFAULTS)");
                long rows = 0;
                for (CsvInput input : inputs) {
                    rows += copyIn(copy, t.copy(), input);
                }
                s.execute("SET LOCAL work_mem = '256MB'");
                long t1 = System.nanoTime();
                long updated = s.executeUpdate(t.update());
                rejectDuplicatesOfKnownKeys(s, t);
                long inserted = insertNew(s, t);
                s.execute("DROP TABLE " + t.stage());
                c.commit();
                long t2 = System.nanoTime();
                return new Result(t.table(), rows, inserted, updated, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, false);
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * COPYs every input straight into the target under a savepoint; returns the rows, or -1 when a key was already
     * stored or repeated (unique violation), after rolling back to the savepoint. Other errors fail the load.
     */
    private static long copyDirect(Connection c, CopyManager copy, Target t, List<? extends CsvInput> inputs)
            throws SQLException, IOException {
        Savepoint before = c.setSavepoint();
        long rows = 0;
        try {
            for (CsvInput input : inputs) {
                rows += copyIn(copy, t.directCopy(), input);
            }
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
            return -1;
        }
        c.releaseSavepoint(before);
        return rows;
    }

    private static long copyIn(CopyManager copy, String sql, CsvInput input) throws SQLException, IOException {
        try (InputStream in = input.open()) {
            return copy.copyIn(sql, in, 1 << 16);
        } catch (SQLException e) {
            throw new SQLException("COPY of " + input.name() + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /**
     * Removes from the staging table the keys the UPDATE handled, counting them: more staged rows than distinct keys
     * means the input repeats a bar that is already stored (an UPDATE would silently keep one of them).
     */
    private static void rejectDuplicatesOfKnownKeys(Statement s, Target t) throws SQLException {
        String returning = "s." + t.key().replace(", ", ", s.");
        try (ResultSet rs = s.executeQuery("WITH known AS (" + t.deleteKnown() + " RETURNING " + returning
                + ") SELECT count(*), count(DISTINCT (" + t.key() + ")) FROM known")) {
            rs.next();
            if (rs.getLong(1) != rs.getLong(2)) {
                throw new SQLException("duplicate bars in the load input for " + t.table() + ": "
                        + (rs.getLong(1) - rs.getLong(2)) + " stored key(s) appear more than once", "23505");
            }
        }
    }

    /** Inserts the new keys; the target's primary key rejects bars the input repeats, naming the key. */
    private static long insertNew(Statement s, Target t) throws SQLException {
        try {
            return s.executeUpdate(t.insert());
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new SQLException("duplicate bars in the load input for " + t.table() + ": " + e.getMessage(),
                        e.getSQLState(), e);
            }
            throw e;
        }
    }
}
