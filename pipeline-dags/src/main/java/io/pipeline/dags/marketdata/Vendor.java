package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.HttpApi;
import io.pipeline.task.io.HttpFetcher;
import io.pipeline.task.io.HttpRetryPolicy;
import io.pipeline.task.io.Sleeper;
import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The market-data providers {@code pipeline.market-data.provider} ({@code PIPELINE_MARKET_DATA_PROVIDER}) can name:
 * the simulated one, or a vendor reached through the connection of its name ({@code PIPELINE_CONN_POLYGON}, ...).
 * Each vendor has the query parameter its key travels in (none: {@code Authorization: Bearer}) and the request rate
 * it publishes for its entry plan, which the connection's extra {@code requests_per_minute} or
 * {@code requests_per_hour} replaces for another plan (docs/decisions/market-data-vendors.md).
 */
public enum Vendor {

    SIMULATED("simulated", null, 0, null, "no connection: prices are simulated"),
    /** EODHD: {@code api_token}; 1,000 requests per minute on every plan. */
    EODHD("eodhd", "api_token", 1000, Duration.ofMinutes(1), "https://API_TOKEN@eodhd.com/api"),
    /** Polygon.io: the key as a Bearer token (so that {@code next_url} pages need no key); Basic plan 5 per minute. */
    POLYGON("polygon", null, 5, Duration.ofMinutes(1), "https://API_KEY@api.polygon.io"),
    /** Tiingo: {@code token}; the free plan allows 50 requests per hour (and 1,000 per day). */
    TIINGO("tiingo", "token", 50, Duration.ofHours(1), "https://API_TOKEN@api.tiingo.com"),
    /** Alpha Vantage: {@code apikey}; 5 per minute (free keys are also capped at 25 per day). */
    ALPHAVANTAGE("alphavantage", "apikey", 5, Duration.ofMinutes(1), "https://API_KEY@www.alphavantage.co");

    /** The configuration property and its environment variable, for messages. */
    public static final String PROPERTY = "pipeline.market-data.provider";
    public static final String ENV = "PIPELINE_MARKET_DATA_PROVIDER";
    /** Connections of the EODHD-style provider before vendors were chosen by name; still honoured by {@code eodhd}. */
    static final String LEGACY_EOD_CONNECTION = "market_data_eod";
    static final String LEGACY_INTRADAY_CONNECTION = "market_data_intraday";

    private final String id;
    private final String tokenParam;
    private final int requests;
    private final Duration period;
    private final String example;

    Vendor(String id, String tokenParam, int requests, Duration period, String example) {
        this.id = id;
        this.tokenParam = tokenParam;
        this.requests = requests;
        this.period = period;
        this.example = example;
    }

    /** The name used in configuration, as the connection id and in every row's source column. */
    public String id() {
        return id;
    }

    /** The connection URI to set, with placeholders, for messages and docs. */
    public String exampleUri() {
        return example;
    }

    /** The environment variable of the vendor's connection. */
    public String connectionEnv() {
        return ConnectionRegistry.envName(id);
    }

    /** {@code simulated} when empty; otherwise a vendor's name, any case. */
    public static Vendor parse(String value) {
        if (value == null || value.isBlank()) {
            return SIMULATED;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(x -> x.id.equals(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(PROPERTY + " (" + ENV + ") is '" + value.strip()
                        + "'; allowed values are " + allowed()));
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Vendor::id).collect(Collectors.joining(", "));
    }

    /**
     * The vendor's connection, checked at start: missing (or not an http(s) URI with a host) is an error naming the
     * variable to set. The simulated provider needs none.
     */
    public void requireConnection(ConnectionRegistry connections) {
        if (this == SIMULATED) {
            return;
        }
        for (String id : connectionIds()) {
            HttpApi.of(connection(connections, id), tokenParam);
        }
    }

    private List<String> connectionIds() {
        if (this != EODHD) {
            return List.of(id);
        }
        return List.of(LEGACY_EOD_CONNECTION, LEGACY_INTRADAY_CONNECTION);
    }

    /** The connection for end-of-day ({@code daily}) or 1-minute bars; {@code eodhd} may use the older ids. */
    Connection connection(ConnectionRegistry connections, String legacyId) {
        Optional<Connection> own = connections.find(id);
        if (own.isPresent()) {
            return own.get();
        }
        if (this == EODHD && legacyId != null && connections.find(legacyId).isPresent()) {
            return connections.get(legacyId);
        }
        throw new IllegalStateException(PROPERTY + " is " + id + " but the connection " + id + " is not configured: set "
                + connectionEnv() + "=" + example);
    }

    /** The rate: the connection's {@code requests_per_minute} / {@code requests_per_hour}, else the published one. */
    RequestRate rate(Connection c, Clock clock) {
        int n = requests;
        Duration p = period;
        Optional<String> perMinute = c.extra("requests_per_minute");
        Optional<String> perHour = c.extra("requests_per_hour");
        try {
            if (perMinute.isPresent()) {
                n = Integer.parseInt(perMinute.get().strip());
                p = Duration.ofMinutes(1);
            } else if (perHour.isPresent()) {
                n = Integer.parseInt(perHour.get().strip());
                p = Duration.ofHours(1);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("connection '" + c.id() + "': requests_per_minute/requests_per_hour must be"
                    + " a whole number, got '" + perMinute.or(() -> perHour).orElse("") + "'", e);
        }
        return RequestRate.shared(c.id(), n, p, clock);
    }

    /** The provider of end-of-day bars. */
    public BarProvider daily(ConnectionRegistry connections, ExchangeCalendar calendar, Clock clock, Sleeper sleeper,
                             Logger log) {
        return create(connection(connections, LEGACY_EOD_CONNECTION), calendar, clock, sleeper, log);
    }

    /** The provider of 1-minute bars. */
    public BarProvider minute(ConnectionRegistry connections, ExchangeCalendar calendar, Clock clock, Sleeper sleeper,
                              Logger log) {
        return create(connection(connections, LEGACY_INTRADAY_CONNECTION), calendar, clock, sleeper, log);
    }

    BarProvider create(Connection c, ExchangeCalendar calendar, Clock clock, Sleeper sleeper, Logger log) {
        if (this == SIMULATED) {
            throw new IllegalStateException("the simulated provider is made by MarketData, not from a connection");
        }
        HttpFetcher fetcher = new HttpFetcher(HttpApi.of(c, tokenParam), HttpRetryPolicy.defaults(), sleeper, clock);
        VendorHttp http = new VendorHttp(this, fetcher, rate(c, clock), sleeper, log);
        SymbolMap symbols = SymbolMap.of(this, c.extra("symbol_map").orElse(""));
        return switch (this) {
            case EODHD -> new EodhdProvider(http, symbols, calendar, c.id());
            case POLYGON -> new PolygonProvider(http, symbols, calendar, c.id());
            case TIINGO -> new TiingoProvider(http, symbols, calendar, c.id());
            case ALPHAVANTAGE -> new AlphaVantageProvider(http, symbols, calendar, clock, c.id());
            case SIMULATED -> throw new IllegalStateException("unreachable");
        };
    }
}
