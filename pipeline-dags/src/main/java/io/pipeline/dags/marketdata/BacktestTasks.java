package io.pipeline.dags.marketdata;

import io.pipeline.dags.marketdata.BacktestResults.Window;
import io.pipeline.objects.ObjectStore;
import io.pipeline.task.TaskContext;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks of {@code backtest}: make sure {@code bars_1d} holds the window (missing sessions are fetched through
 * the daily provider and loaded like {@code daily_bars} does), then run the crossover per ticker, upsert
 * {@code backtest_result} and write a JSON report to {@code reports/backtest/<run_id>.json}.
 */
public final class BacktestTasks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STRATEGY = "ma_crossover";

    private BacktestTasks() {
    }

    static Window window(TaskContext ctx) {
        String end = ctx.param("end", String.class);
        Integer days = ctx.param("lookback_sessions", Integer.class);
        return Window.ending(MarketData.calendar(), end == null || end.isBlank() ? MarketData.session(ctx)
                : LocalDate.parse(end), days == null ? 252 : days);
    }

    /** Loads provider bars for tickers whose stored history in the window is incomplete; outputs rows loaded. */
    public static long prepareHistory(TaskContext ctx) throws Exception {
        Window w = window(ctx);
        DataSource ds = MarketData.database(ctx);
        long expected = MarketData.calendar().sessionsInRange(w.start(), w.end()).size();
        BarProvider provider = MarketData.dailyProvider(ctx);
        List<DailyBar> missing = new ArrayList<>();
        for (Ticker t : MarketData.tickers(ctx)) {
            if (closes(ds, t.symbol(), w).size() < expected) {
                missing.addAll(provider.dailyBars(t, w.start(), w.end()));
            }
        }
        if (missing.isEmpty()) {
            ctx.log().info("bars_1d already holds {} sessions {}..{} for every ticker", expected, w.start(), w.end());
            return 0;
        }
        BarPartitions.ensure(ds, "bars_1d", YearMonth.from(w.start()), YearMonth.from(w.end()));
        byte[] csv = BarCsv.dailyBars(missing);
        BarLoader.Result r = new BarLoader(ds).loadDailyBars(List.of(new BarLoader.CsvInput() {
            public String name() {
                return "history from " + provider.source();
            }

            public InputStream open() {
                return new ByteArrayInputStream(csv);
            }
        }));
        ctx.log().info("loaded {} missing daily bar(s) {}..{} from {}", r.rows(), w.start(), w.end(), provider.source());
        return r.rows();
    }

    public static Map<String, Object> run(TaskContext ctx) throws Exception {
        Window w = window(ctx);
        Backtest bt = new Backtest(intParam(ctx, "short_window", 10), intParam(ctx, "long_window", 50));
        DataSource ds = MarketData.database(ctx);
        List<Backtest.Result> results = new ArrayList<>();
        for (Ticker t : MarketData.tickers(ctx)) {
            Backtest.Result r = bt.run(t.symbol(), closes(ds, t.symbol(), w));
            ctx.log().info("{}: return {} sharpe {} max drawdown {} turnover {}/yr over {} days", t.symbol(),
                    r.totalReturn(), r.sharpe(), r.maxDrawdown(), r.turnover(), r.days());
            results.add(r);
        }
        store(ds, ctx, bt, w, results);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("run_id", ctx.runId());
        report.put("strategy", STRATEGY);
        report.put("short_window", bt.shortWindow());
        report.put("long_window", bt.longWindow());
        report.put("start", w.start().toString());
        report.put("end", w.end().toString());
        report.put("results", results);
        String key = "reports/backtest/" + ctx.runId().replaceAll("[^A-Za-z0-9._=+-]", "_") + ".json";
        ObjectStore store = ctx.resource(ObjectStore.class);
        store.put(key, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        ctx.log().info("report written to {}", store.location(key));
        return Map.of("report", store.location(key), "symbols", results.size());
    }

    private static int intParam(TaskContext ctx, String name, int fallback) {
        Integer v = ctx.param(name, Integer.class);
        return v == null ? fallback : v;
    }

    private static List<Double> closes(DataSource ds, String symbol, Window w) throws Exception {
        try (Connection c = ds.getConnection()) {
            return BacktestResults.closes(c, symbol, w);
        }
    }

    private static void store(DataSource ds, TaskContext ctx, Backtest bt, Window w, List<Backtest.Result> results) throws Exception {
        try (Connection c = ds.getConnection()) {
            BacktestResults.store(c, ctx.runId(), STRATEGY, bt, w, results, ctx.clock().instant());
        }
    }
}
