package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.objects.ObjectStore;
import io.pipeline.task.TaskContext;

import javax.sql.DataSource;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tasks of {@code intraday_prices}: fetch 1-minute bars to raw CSV, load {@code bars_1m}, check them. */
public final class IntradayTasks {

    public static final String SESSIONS = "sessions";

    private IntradayTasks() {
    }

    /** The run's session and the sessions before it, oldest first. */
    static List<LocalDate> sessions(TaskContext ctx) {
        Integer n = ctx.param(SESSIONS, Integer.class);
        int count = n == null ? 10 : n;
        if (count < 1) {
            throw new IllegalArgumentException("param sessions must be >= 1, got " + count);
        }
        ExchangeCalendar cal = MarketData.calendar();
        LocalDate last = MarketData.session(ctx);
        return cal.sessionsInRange(cal.sessionOffset(last, -(count - 1)), last);
    }

    /** Mapped over tickers: one raw file per session for this ticker; outputs the keys written. */
    public static List<String> fetch(TaskContext ctx) {
        Ticker ticker = ctx.mapItem(Ticker.class);
        BarProvider provider = MarketData.minuteProvider(ctx);
        ObjectStore store = ctx.resource(ObjectStore.class);
        List<String> keys = new ArrayList<>();
        for (LocalDate session : sessions(ctx)) {
            List<MinuteBar> bars = provider.minuteBars(ticker, session);
            String key = MarketData.minuteKey(session, ticker.symbol());
            store.put(key, BarCsv.minuteBars(bars));
            keys.add(key);
        }
        ctx.log().info("{}: {} session file(s) from {} written under raw/", ticker.symbol(), keys.size(), provider.source());
        return keys;
    }

    public static long load(TaskContext ctx) throws Exception {
        ObjectStore store = ctx.resource(ObjectStore.class);
        List<ObjectCsvInput> inputs = new ArrayList<>();
        for (List<String> keys : fetchedKeys(ctx)) {
            keys.forEach(k -> inputs.add(new ObjectCsvInput(store, k)));
        }
        DataSource ds = MarketData.database(ctx);
        List<LocalDate> sessions = sessions(ctx);
        // UTC months: a session's bars may start a UTC day later than its date (Asia-Pacific calendars)
        BarPartitions.ensure(ds, "bars_1m", YearMonth.from(sessions.getFirst()),
                YearMonth.from(sessions.getLast().plusDays(1)));
        BarLoader.Result r = new BarLoader(ds).loadMinuteBars(inputs);
        // The run's own session gets its event from produces(..); the earlier fetched sessions are emitted here.
        LocalDate own = MarketData.session(ctx);
        for (LocalDate session : sessions(ctx)) {
            if (!session.equals(own)) {
                ctx.emit(MarketDataDatasets.BARS_1M, session.toString(), null);
            }
        }
        ctx.log().info("{}: {} row(s) from {} file(s), {} inserted, {} changed ({}: copy {} ms, upsert {} ms)", r.table(),
                r.rows(), inputs.size(), r.inserted(), r.updated(), r.direct() ? "COPY into the table" : "staging + upsert",
                r.copyMs(), r.upsertMs());
        return r.rows();
    }

    public static Map<String, Object> check(TaskContext ctx) throws Exception {
        ObjectStore store = ctx.resource(ObjectStore.class);
        DataSource ds = MarketData.database(ctx);
        BarChecks checks = new BarChecks(MarketData.calendar(), policy(ctx));
        List<LocalDate> sessions = sessions(ctx);
        LocalDate last = sessions.getLast();
        List<CheckResult> results = new ArrayList<>();
        List<String> symbols = MarketData.tickers(ctx).stream().map(Ticker::symbol).toList();
        Map<String, LocalDate> latest = latestStored(ds, symbols);
        for (String symbol : symbols) {
            for (LocalDate session : sessions) {
                String key = MarketData.minuteKey(session, symbol);
                List<MinuteBar> bars = store.exists(key) ? read(store, key) : List.of();
                results.addAll(checks.minuteBars(symbol, session, bars));
            }
            results.add(checks.stale(symbol, last, latest.get(symbol)));
        }
        return DailyTasks.report(ctx, ds, results);
    }

    static QualityPolicy policy(TaskContext ctx) {
        Map<String, Object> p = ctx.params().get("dq_policy") instanceof Map<?, ?> m ? cast(m) : Map.of();
        return QualityPolicy.fromParam(p);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static List<List<String>> fetchedKeys(TaskContext ctx) {
        List<List<String>> out = new ArrayList<>();
        for (Object o : ctx.inputs("fetch_bars", List.class)) {
            List<String> keys = new ArrayList<>();
            ((List<?>) o).forEach(k -> keys.add(String.valueOf(k)));
            out.add(keys);
        }
        return out;
    }

    private static List<MinuteBar> read(ObjectStore store, String key) throws Exception {
        try (Reader r = new InputStreamReader(store.open(key), StandardCharsets.UTF_8)) {
            return BarCsv.readMinuteBars(store.location(key), r);
        }
    }

    /** The exchange-local date of each symbol's latest stored minute bar. */
    private static Map<String, LocalDate> latestStored(DataSource ds, List<String> symbols) throws Exception {
        Map<String, LocalDate> out = new HashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT symbol, max(ts) FROM bars_1m WHERE symbol = ANY(?) GROUP BY symbol")) {
            ps.setArray(1, c.createArrayOf("text", symbols.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class)
                            .atZoneSameInstant(MarketData.calendar().zone()).toLocalDate());
                }
            }
        }
        return out;
    }
}
