package io.pipeline.dags.marketdata;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.S3ObjectStore;
import io.pipeline.task.PokeResult;
import io.pipeline.task.TaskContext;
import io.pipeline.task.io.S3KeySensor;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The tasks of {@code nightly_dataload} after its sensors: ingest the vendor's fundamentals file, derive the daily
 * fundamentals the risk models read, and build the queue messages. The vendor file is
 * {@code vendor/fundamentals/<session>/fundamentals.csv} with header
 * {@code symbol,shares_out,eps_ttm,book_value_ps,dividend_ps}.
 */
public final class FundamentalsTasks {

    public static final String VENDOR_CONNECTION = "vendor_drop";
    public static final String HEADER = "symbol,shares_out,eps_ttm,book_value_ps,dividend_ps";

    private FundamentalsTasks() {
    }

    public static String vendorKey(LocalDate session) {
        return "vendor/fundamentals/" + session + "/fundamentals.csv";
    }

    /**
     * Offline stand-in for the vendor: with no vendor connection configured, writes a simulated fundamentals file
     * where the sensor looks for it (unless one is already there). With a vendor connection it does nothing.
     */
    public static String simulateVendorDrop(TaskContext ctx) throws Exception {
        if (ctx.resource(ConnectionRegistry.class).find(VENDOR_CONNECTION).isPresent()) {
            ctx.log().info("vendor connection '{}' is configured: waiting for the real file", VENDOR_CONNECTION);
            return "vendor";
        }
        LocalDate session = MarketData.session(ctx);
        ObjectStore store = ctx.resource(ObjectStore.class);
        String key = vendorKey(session);
        if (store.exists(key)) {
            return "exists";
        }
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Ticker t : MarketData.tickers(ctx)) {
            SplittableRandom r = new SplittableRandom(SimulatedBarProvider.mix(7, t.symbol(), session.toEpochDay()));
            csv.append(t.symbol()).append(',').append(1_000_000_000L + r.nextLong(9_000_000_000L)).append(',')
                    .append(Math.round(r.nextDouble(0.5, 12) * 100) / 100.0).append(',')
                    .append(Math.round(r.nextDouble(5, 80) * 100) / 100.0).append(',')
                    .append(Math.round(r.nextDouble(0, 4) * 100) / 100.0).append('\n');
        }
        store.putString(key, csv.toString());
        ctx.log().warn("no '{}' connection ({}): wrote a simulated vendor file to {}", VENDOR_CONNECTION,
                ConnectionRegistry.envName(VENDOR_CONNECTION), store.location(key));
        return "simulated";
    }

    /**
     * Pokes for the session's vendor file: in the vendor's bucket when its connection is configured, else in the
     * application's store. The session is the market-data one (the run's New York date, or the session before it),
     * the same the ingest and the queue messages use, not the {@code {session}} placeholder's logical date.
     */
    public static PokeResult pokeVendorFile(TaskContext ctx) {
        return S3KeySensor.forKey(vendorKey(MarketData.session(ctx))).onConnectionIfConfigured(VENDOR_CONNECTION)
                .poke(ctx);
    }

    /** The vendor's bucket when its connection is configured, else the application's store; the caller closes it. */
    public static ObjectStore vendorStore(TaskContext ctx) {
        return ctx.resource(ConnectionRegistry.class).find(VENDOR_CONNECTION)
                .<ObjectStore>map(S3ObjectStore::of)
                .orElseGet(() -> new Unclosable(ctx.resource(ObjectStore.class)));
    }

    /** Ingests the file the sensor found (its first match). */
    public static long ingest(TaskContext ctx) throws Exception {
        List<?> found = ctx.input("wait_for_vendor_file", List.class);
        ObjectStore vendor = vendorStore(ctx);
        try {
            return ingest(ctx, vendor, String.valueOf(found.getFirst()));
        } finally {
            if (vendor instanceof AutoCloseable c) {
                c.close();
            }
        }
    }

    /** COPYs the vendor file into a staging table and upserts {@code fundamentals} for the session, in one transaction. */
    static long ingest(TaskContext ctx, ObjectStore vendorStore, String key) throws Exception {
        LocalDate session = MarketData.session(ctx);
        try (Connection c = MarketData.database(ctx).getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); InputStream in = vendorStore.open(key)) {
                s.execute("""
                        CREATE TEMP TABLE fundamentals_stage (symbol text, shares_out bigint, eps_ttm double precision,
                            book_value_ps double precision, dividend_ps double precision) ON COMMIT DROP""");
                try {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY fundamentals_stage FROM STDIN WITH (FORMAT csv, HEADER true)", in);
                } catch (SQLException e) {
                    throw new SQLException("COPY of " + vendorStore.location(key) + " failed: " + e.getMessage(), e.getSQLState(), e);
                }
                long rows;
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO fundamentals (session_date, symbol, shares_out, eps_ttm, book_value_ps, dividend_ps, source_key)
                        SELECT ?, symbol, shares_out, eps_ttm, book_value_ps, dividend_ps, ? FROM fundamentals_stage
                        ON CONFLICT (session_date, symbol) DO UPDATE SET shares_out = EXCLUDED.shares_out,
                            eps_ttm = EXCLUDED.eps_ttm, book_value_ps = EXCLUDED.book_value_ps,
                            dividend_ps = EXCLUDED.dividend_ps, source_key = EXCLUDED.source_key""")) {
                    ps.setObject(1, session);
                    ps.setString(2, vendorStore.location(key));
                    rows = ps.executeUpdate();
                }
                c.commit();
                ctx.log().info("ingested {} fundamentals row(s) for {} from {}", rows, session, vendorStore.location(key));
                return rows;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Joins the session's fundamentals with each symbol's latest close on or before the session. */
    public static long daily(TaskContext ctx) throws Exception {
        LocalDate session = MarketData.session(ctx);
        try (Connection c = MarketData.database(ctx).getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO daily_fundamentals (session_date, symbol, close, market_cap, pe_ratio, book_to_price, dividend_yield)
                SELECT f.session_date, f.symbol, b.close, f.shares_out * b.close,
                       CASE WHEN f.eps_ttm > 0 THEN b.close / f.eps_ttm END,
                       f.book_value_ps / b.close, f.dividend_ps / b.close
                FROM fundamentals f
                JOIN LATERAL (SELECT close FROM bars_1d d WHERE d.symbol = f.symbol AND d.session_date <= f.session_date
                              ORDER BY d.session_date DESC LIMIT 1) b ON true
                WHERE f.session_date = ?
                ON CONFLICT (session_date, symbol) DO UPDATE SET close = EXCLUDED.close, market_cap = EXCLUDED.market_cap,
                    pe_ratio = EXCLUDED.pe_ratio, book_to_price = EXCLUDED.book_to_price,
                    dividend_yield = EXCLUDED.dividend_yield""")) {
            ps.setObject(1, session);
            long rows = ps.executeUpdate();
            if (rows == 0) {
                ctx.log().warn("no daily fundamentals for {}: no fundamentals with a stored close", session);
            } else {
                ctx.log().info("{} daily fundamentals row(s) for {}", rows, session);
            }
            return rows;
        }
    }

    /**
     * The risk-model job message: the session and where its inputs are (the vendor files the session's fundamentals
     * were ingested from, as the ingest recorded them).
     */
    public static Map<String, Object> riskJob(TaskContext ctx, String model) {
        LocalDate session = MarketData.session(ctx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("session", session.toString());
        m.put("dag_id", ctx.dagId());
        m.put("run_id", ctx.runId());
        List<String> files = new java.util.ArrayList<>();
        try (Connection c = ctx.resource(DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT DISTINCT source_key FROM fundamentals WHERE session_date = ? ORDER BY source_key")) {
            ps.setObject(1, session);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the vendor files of the fundamentals of " + session, e);
        }
        m.put("inputs", Map.of(
                "vendor_files", files,
                "fundamentals_table", "daily_fundamentals",
                "bars_table", "bars_1d"));
        return m;
    }
}
