package io.pipeline.dags.marketdata;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.task.TaskContext;
import io.pipeline.task.builtin.RunDate;
import io.pipeline.task.io.Sleeper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * What the market-data tasks share: the XNYS calendar, the run's session, the tickers file and the choice of
 * provider: the vendor named by {@link Vendor#PROPERTY} (through the connection of its name), else the simulated
 * provider, so that every DAG runs offline.
 */
public final class MarketData {

    public static final String CALENDAR = "XNYS";
    public static final String PROVIDER_POOL = "market_data_provider";
    public static final String SAMPLE_TICKERS = "/marketdata/sample-tickers.csv";
    /** DAG params every market-data DAG declares. */
    public static final String TICKERS_FILE = "tickers_file";
    public static final String MAX_INVALID_TICKERS = "max_invalid_tickers";
    public static final String SIM_SEED = "sim_seed";
    /** The property that chooses the provider. */
    public static final String PROVIDER_SETTING = "pipeline.market-data.provider";
    public static final String SIMULATED = "simulated";
    public static final String HTTP = "http";

    private MarketData() {
    }

    public static ExchangeCalendar calendar() {
        return Calendars.get(CALENDAR);
    }

    /** The session the run is for: its own session, else the last session on or before its date. */
    public static LocalDate session(TaskContext ctx) {
        ExchangeCalendar cal = calendar();
        LocalDate d = RunDate.of(ctx, cal.zone());
        return cal.isSession(d) ? d : cal.previousSession(d);
    }

    /** Reads the tickers file named by the param (the shipped sample when empty), applying the tolerance. */
    public static List<Ticker> tickers(TaskContext ctx) throws IOException {
        String file = ctx.param(TICKERS_FILE, String.class);
        Integer tolerance = ctx.param(MAX_INVALID_TICKERS, Integer.class);
        TickerFile parsed;
        if (file == null || file.isBlank()) {
            try (InputStream in = MarketData.class.getResourceAsStream(SAMPLE_TICKERS);
                 Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                parsed = TickerFile.parse("classpath:" + SAMPLE_TICKERS, r);
            }
        } else {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("tickers file " + path.toAbsolutePath() + " does not exist");
            }
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                parsed = TickerFile.parse(path.toString(), r);
            }
        }
        List<Ticker> tickers = parsed.requireValid(tolerance == null ? 0 : tolerance, ctx.log());
        ctx.log().info("{} ticker(s) from {}", tickers.size(), parsed.source());
        return tickers;
    }

    /** The chosen provider of end-of-day bars ({@link MarketDataSettings}; simulated when none is chosen). */
    public static BarProvider dailyProvider(TaskContext ctx) {
        Vendor vendor = vendor(ctx);
        return vendor == Vendor.SIMULATED ? simulated(ctx)
                : vendor.daily(ctx.resource(ConnectionRegistry.class), calendar(), ctx.clock(), sleeper(ctx), ctx.log());
    }

    /** The chosen provider of 1-minute bars. */
    public static BarProvider minuteProvider(TaskContext ctx) {
        Vendor vendor = vendor(ctx);
        return vendor == Vendor.SIMULATED ? simulated(ctx)
                : vendor.minute(ctx.resource(ConnectionRegistry.class), calendar(), ctx.clock(), sleeper(ctx), ctx.log());
    }

    /** Waits for rate limits and retries: the application's {@link Sleeper} resource when given (tests), else real. */
    private static Sleeper sleeper(TaskContext ctx) {
        return ctx.findResource(Sleeper.class).orElse(Sleeper.REAL);
    }

    static Vendor vendor(TaskContext ctx) {
        return ctx.findResource(MarketDataSettings.class).map(MarketDataSettings::provider).orElse(Vendor.SIMULATED);
    }

    private static BarProvider simulated(TaskContext ctx) {
        Integer seed = ctx.param(SIM_SEED, Integer.class);
        return new SimulatedBarProvider(calendar(), seed == null ? 42 : seed);
    }

    /**
     * Where bars, fundamentals and quality results live: the market-data database when one is configured
     * ({@link MarketDataDatabase}), else the orchestrator's.
     */
    public static DataSource database(TaskContext ctx) {
        return ctx.findResource(MarketDataDatabase.class).map(MarketDataDatabase::dataSource)
                .orElseGet(() -> ctx.resource(DataSource.class));
    }

    public static String minuteKey(LocalDate session, String symbol) {
        return "raw/" + session + "/" + symbol + ".csv";
    }

    public static String dailyKey(LocalDate session) {
        return "raw/eod/" + session + ".csv";
    }
}
