package io.pipeline.dags.marketdata;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.HttpApi;
import io.pipeline.task.TaskContext;
import io.pipeline.task.TaskSettings;
import io.pipeline.task.builtin.RunDate;
import io.pipeline.task.io.HttpFetcher;
import io.pipeline.task.io.HttpRetryPolicy;
import io.pipeline.task.io.Sleeper;

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
 * provider. The provider is chosen by configuration, {@value #PROVIDER_SETTING} ({@code PIPELINE_MARKET_DATA_PROVIDER}):
 * {@value #SIMULATED} (the default, so that every DAG runs offline; every bar's source says so) or {@value #HTTP},
 * the HTTP format of {@link EodHttpProvider} and {@link IntradayHttpProvider} on the connections
 * {@value #EOD_CONNECTION} and {@value #INTRADAY_CONNECTION}. A configured connection alone does not switch the
 * provider, and a chosen provider without its connection fails the try: no silent fallback either way.
 */
public final class MarketData {

    public static final String CALENDAR = "XNYS";
    public static final String EOD_CONNECTION = "market_data_eod";
    public static final String INTRADAY_CONNECTION = "market_data_intraday";
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

    /** The configured provider's name, {@value #SIMULATED} when none is configured. */
    public static String providerName(TaskContext ctx) {
        return ctx.resource(TaskSettings.class).get(PROVIDER_SETTING).orElse(SIMULATED);
    }

    public static BarProvider dailyProvider(TaskContext ctx) {
        if (isSimulated(ctx)) {
            return simulated(ctx);
        }
        Connection c = connection(ctx, EOD_CONNECTION);
        return new EodHttpProvider(fetcher(ctx, HttpApi.of(c)), c.id(), ctx.log());
    }

    public static BarProvider minuteProvider(TaskContext ctx) {
        if (isSimulated(ctx)) {
            return simulated(ctx);
        }
        Connection c = connection(ctx, INTRADAY_CONNECTION);
        return new IntradayHttpProvider(fetcher(ctx, HttpApi.of(c)), calendar(), c.id(), ctx.log());
    }

    private static boolean isSimulated(TaskContext ctx) {
        String name = providerName(ctx);
        if (SIMULATED.equals(name)) {
            return true;
        }
        if (!HTTP.equals(name)) {
            throw new IllegalArgumentException("unknown market-data provider '" + name + "' (" + PROVIDER_SETTING
                    + "); known: " + SIMULATED + ", " + HTTP);
        }
        return false;
    }

    private static Connection connection(TaskContext ctx, String id) {
        return ctx.resource(ConnectionRegistry.class).find(id).orElseThrow(() -> new IllegalStateException(
                "market-data provider '" + providerName(ctx) + "' needs the connection '" + id + "' ("
                        + ConnectionRegistry.envName(id) + "), which is not configured"));
    }

    private static BarProvider simulated(TaskContext ctx) {
        Integer seed = ctx.param(SIM_SEED, Integer.class);
        return new SimulatedBarProvider(calendar(), seed == null ? 42 : seed);
    }

    private static HttpFetcher fetcher(TaskContext ctx, HttpApi api) {
        return new HttpFetcher(api, HttpRetryPolicy.defaults(), Sleeper.REAL, ctx.clock());
    }

    public static String minuteKey(LocalDate session, String symbol) {
        return "raw/" + session + "/" + symbol + ".csv";
    }

    public static String dailyKey(LocalDate session) {
        return "raw/eod/" + session + ".csv";
    }
}
