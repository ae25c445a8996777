package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code backtest} and the backtest runner image share: the window of sessions a backtest covers, the closes
 * it reads from {@code bars_1d}, and the rows it upserts into {@code backtest_result} (one per run, strategy and
 * symbol).
 */
public final class BacktestResults {

    private BacktestResults() {
    }

    /** The sessions a backtest covers: {@code lookbackSessions} sessions ending at the last session on or before end. */
    public record Window(LocalDate start, LocalDate end) {

        public static Window ending(ExchangeCalendar cal, LocalDate end, int lookbackSessions) {
            if (lookbackSessions < 1) {
                throw new IllegalArgumentException("lookback sessions must be at least 1, got " + lookbackSessions);
            }
            LocalDate last = cal.isSession(end) ? end : cal.previousSession(end);
            return new Window(cal.sessionOffset(last, -(lookbackSessions - 1)), last);
        }
    }

    /** Adjusted (else raw) closes of the symbol in the window, oldest first. */
    public static List<Double> closes(Connection c, String symbol, Window w) throws SQLException {
        List<Double> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(adjusted_close, close) FROM bars_1d
                WHERE symbol = ? AND session_date BETWEEN ? AND ? ORDER BY session_date""")) {
            ps.setString(1, symbol);
            ps.setObject(2, w.start());
            ps.setObject(3, w.end());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getDouble(1));
                }
            }
        }
        return out;
    }

    /** Symbols with at least one bar in the window, sorted. */
    public static List<String> symbols(Connection c, Window w) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT symbol FROM bars_1d WHERE session_date BETWEEN ? AND ? ORDER BY symbol""")) {
            ps.setObject(1, w.start());
            ps.setObject(2, w.end());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Upserts one row per result under (run, strategy, symbol). */
    public static void store(Connection c, String runId, String strategy, Backtest bt, Window w,
                             List<Backtest.Result> results, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO backtest_result (run_id, symbol, strategy, short_window, long_window, start_date, end_date, days,
                    total_return, sharpe, max_drawdown, turnover, trades, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, strategy, symbol) DO UPDATE SET short_window = EXCLUDED.short_window,
                    long_window = EXCLUDED.long_window, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
                    days = EXCLUDED.days, total_return = EXCLUDED.total_return, sharpe = EXCLUDED.sharpe,
                    max_drawdown = EXCLUDED.max_drawdown, turnover = EXCLUDED.turnover, trades = EXCLUDED.trades,
                    created_at = EXCLUDED.created_at""")) {
            for (Backtest.Result r : results) {
                ps.setString(1, runId);
                ps.setString(2, r.symbol());
                ps.setString(3, strategy);
                ps.setInt(4, bt.shortWindow());
                ps.setInt(5, bt.longWindow());
                ps.setObject(6, w.start());
                ps.setObject(7, w.end());
                ps.setInt(8, r.days());
                ps.setDouble(9, r.totalReturn());
                ps.setObject(10, r.sharpe());
                ps.setDouble(11, r.maxDrawdown());
                ps.setDouble(12, r.turnover());
                ps.setInt(13, r.trades());
                ps.setTimestamp(14, Timestamp.from(at));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
