package io.pipeline.dags.marketdata;

import io.pipeline.objects.ObjectStore;
import io.pipeline.task.TaskContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tasks of {@code daily_bars}: fetch end-of-day bars for every ticker, upsert {@code bars_1d}, check them. */
public final class DailyTasks {

    private DailyTasks() {
    }

    /** All tickers' bars for the run's session in one raw file; outputs its key. */
    public static String fetch(TaskContext ctx) throws Exception {
        LocalDate session = MarketData.session(ctx);
        BarProvider provider = MarketData.dailyProvider(ctx);
        List<DailyBar> bars = new ArrayList<>();
        for (Ticker t : MarketData.tickers(ctx)) {
            List<DailyBar> got = provider.dailyBars(t, session, session);
            if (got.isEmpty()) {
                ctx.log().warn("{}: no end-of-day bar for {} from {}", t.symbol(), session, provider.source());
            }
            bars.addAll(got);
        }
        String key = MarketData.dailyKey(session);
        ctx.resource(ObjectStore.class).put(key, BarCsv.dailyBars(bars));
        ctx.log().info("{} end-of-day bar(s) for {} from {} written to {}", bars.size(), session, provider.source(), key);
        return key;
    }

    public static long load(TaskContext ctx) throws Exception {
        String key = ctx.input("fetch_eod", String.class);
        ObjectStore store = ctx.resource(ObjectStore.class);
        DataSource ds = MarketData.database(ctx);
        YearMonth month = YearMonth.from(MarketData.session(ctx));
        BarPartitions.ensure(ds, "bars_1d", month, month);
        BarLoader.Result r = new BarLoader(ds).loadDailyBars(List.of(new ObjectCsvInput(store, key)));
        ctx.log().info("{}: {} row(s) from {}, {} inserted, {} changed", r.table(), r.rows(), store.location(key), r.inserted(), r.updated());
        return r.rows();
    }

    public static Map<String, Object> check(TaskContext ctx) throws Exception {
        LocalDate session = MarketData.session(ctx);
        DataSource ds = MarketData.database(ctx);
        List<String> symbols = MarketData.tickers(ctx).stream().map(Ticker::symbol).toList();
        List<DailyBar> bars = stored(ds, symbols, session);
        BarChecks checks = new BarChecks(MarketData.calendar(), IntradayTasks.policy(ctx));
        List<CheckResult> results = new ArrayList<>(checks.dailyBars(bars, symbols, session, session));
        Map<String, LocalDate> latest = new HashMap<>();
        bars.forEach(b -> latest.merge(b.symbol(), b.date(), (a, c) -> a.isAfter(c) ? a : c));
        symbols.forEach(s -> results.add(checks.stale(s, session, latest.get(s))));
        return report(ctx, ds, results);
    }

    /** Logs, records and enforces a run's results; outputs counts for the task's XCom. */
    static Map<String, Object> report(TaskContext ctx, DataSource ds, List<CheckResult> results) throws Exception {
        QualityReport report = new QualityReport(results);
        report.log(ctx.log());
        report.record(ds, ctx.dagId(), ctx.runId(), ctx.taskId(), ctx.clock().instant());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("checks", results.size());
        summary.put("failed", report.failures().size());
        summary.put("warned", report.warnings().size());
        report.enforce();
        return summary;
    }

    private static List<DailyBar> stored(DataSource ds, List<String> symbols, LocalDate session) throws Exception {
        List<DailyBar> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT symbol, session_date, open, high, low, close, adjusted_close, volume, source
                FROM bars_1d WHERE symbol = ANY(?) AND session_date = ? ORDER BY symbol""")) {
            ps.setArray(1, c.createArrayOf("text", symbols.toArray()));
            ps.setObject(2, session);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DailyBar(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getDouble(3),
                            rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getObject(7, Double.class),
                            rs.getLong(8), rs.getString(9)));
                }
            }
        }
        return out;
    }
}
