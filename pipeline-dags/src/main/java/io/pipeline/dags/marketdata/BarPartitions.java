package io.pipeline.dags.marketdata;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.Set;

/**
 * The monthly partitions of the bar tables of the market-data database ({@code bars_1m} by {@code ts} in UTC months,
 * {@code bars_1d} by {@code session_date}), created ahead by the loads: before each load, every month it covers and
 * the {@value #MONTHS_AHEAD} after. Idempotent and safe between concurrent loads (an advisory lock per table, then
 * {@code CREATE TABLE IF NOT EXISTS ... PARTITION OF}). On a bar table that is not partitioned (the orchestrator's
 * own, V30) it does nothing.
 */
public final class BarPartitions {

    public static final int MONTHS_AHEAD = 2;
    private static final Set<String> TABLES = Set.of("bars_1m", "bars_1d");

    private BarPartitions() {
    }

    /** Creates the partitions of {@code first}..{@code last} plus the months ahead; returns how many were new. */
    public static int ensure(DataSource ds, String table, YearMonth first, YearMonth last) throws SQLException {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a bar table: " + table);
        }
        try (Connection c = ds.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int created = ensure(c, table, first, last.plusMonths(MONTHS_AHEAD));
                c.commit();
                return created;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static int ensure(Connection c, String table, YearMonth first, YearMonth last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
            }
        }
        int created = 0;
        try (Statement s = c.createStatement();
             PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.execute("SELECT pg_advisory_xact_lock(hashtext('bar_partitions'), hashtext('" + table + "'))");
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                String name = name(table, m);
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        continue;
                    }
                }
                // identifiers from the fixed table names and a YearMonth only
                s.execute("CREATE TABLE " + name + " PARTITION OF " + table + " FOR VALUES FROM ('" + bound(table, m)
                        + "') TO ('" + bound(table, m.plusMonths(1)) + "')");
                created++;
            }
        }
        return created;
    }

    /** The partition of a month: {@code bars_1m_2026_11}. */
    public static String name(String table, YearMonth m) {
        return table + "_" + m.getYear() + "_" + String.format("%02d", m.getMonthValue());
    }

    private static String bound(String table, YearMonth m) {
        return table.equals("bars_1m") ? m.atDay(1) + " 00:00:00+00" : m.atDay(1).toString();
    }
}
