package io.pipeline.dags.marketdata;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.ConnectionUri;
import io.pipeline.connect.testservers.ScriptedHttpServer;
import io.pipeline.connect.testservers.ScriptedHttpServer.Reply;
import io.pipeline.task.io.RecordingLogger;
import io.pipeline.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Polygon, Tiingo and Alpha Vantage against a local server replaying answers in each vendor's documented format:
 * data, paging, error bodies, 429 with Retry-After, throttling notes, symbol mapping and the published rates.
 */
class VendorProvidersTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ExchangeCalendar XNYS = Calendars.get("XNYS");

    private final ScriptedHttpServer server = new ScriptedHttpServer();
    private final SettableClock clock = SettableClock.at("2026-11-20T23:00:00Z");
    private final List<Duration> waits = new ArrayList<>();
    private final RecordingLogger log = new RecordingLogger();
    private final Ticker aapl = new Ticker("AAPL", "XNAS", null);

    @AfterEach
    void stop() {
        server.close();
    }

    /** A provider of the vendor through a connection of a test's own id (so that its request rate is its own). */
    private BarProvider provider(Vendor vendor, String extras) {
        String id = vendor.id() + "_t" + IDS.incrementAndGet();
        Connection c = ConnectionUri.parse(id, server.base().replace("http://", "http://SECRETKEY@") + "/" + extras);
        return vendor.create(c, XNYS, clock, d -> {
            waits.add(d);
            clock.advance(d);
        }, log);
    }

    private static long nyMidnightMillis(String date) {
        return LocalDate.parse(date).atStartOfDay(NEW_YORK).toInstant().toEpochMilli();
    }

    private List<String> paths() {
        return server.requests().stream().map(URI::getPath).toList();
    }

    // ---- Polygon -------------------------------------------------------------------------------------------------

    private String polygonPage(String ticker, String results, String nextUrl) {
        return "{\"ticker\":\"" + ticker + "\",\"queryCount\":1,\"resultsCount\":1,\"adjusted\":false,\"results\":[" + results
                + "],\"status\":\"OK\",\"request_id\":\"6a7e466379af0a71039d60cc78e72282\",\"count\":1"
                + (nextUrl == null ? "" : ",\"next_url\":\"" + nextUrl + "\"") + "}";
    }

    @Test
    void polygon_follows_next_url_maps_the_share_class_and_spaces_requests_at_its_published_rate() {
        String next = server.base() + "/v2/aggs/ticker/BRK.B/range/1/day/" + nyMidnightMillis("2026-11-20")
                + "/2026-11-20?cursor=bGltaXQ9MiZzb3J0PWFzYw";
        server.then(Reply.ok(polygonPage("BRK.B", "{\"v\":3.1e6,\"vw\":455.2,\"o\":454.1,\"c\":456.3,\"h\":457.0,\"l\":452.8,\"t\":"
                        + nyMidnightMillis("2026-11-19") + ",\"n\":51234}", next)))
                .then(Reply.ok(polygonPage("BRK.B", "{\"v\":2900000,\"vw\":456.0,\"o\":456.5,\"c\":455.9,\"h\":458.1,\"l\":455.0,\"t\":"
                        + nyMidnightMillis("2026-11-20") + ",\"n\":48810}", null)));
        BarProvider polygon = provider(Vendor.POLYGON, "");

        List<DailyBar> bars = polygon.dailyBars(new Ticker("BRK-B", "XNYS", null), LocalDate.parse("2026-11-19"),
                LocalDate.parse("2026-11-20"));

        assertThat(bars).extracting(DailyBar::date).containsExactly(LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-20"));
        assertThat(bars.getFirst().volume()).isEqualTo(3_100_000L);
        assertThat(bars.getFirst().source()).isEqualTo(polygon.source()).startsWith("polygon");
        assertThat(paths()).containsExactly("/v2/aggs/ticker/BRK.B/range/1/day/2026-11-19/2026-11-20",
                "/v2/aggs/ticker/BRK.B/range/1/day/" + nyMidnightMillis("2026-11-20") + "/2026-11-20");
        assertThat(server.requests().get(0).getQuery()).contains("adjusted=false").contains("limit=50000")
                .doesNotContain("SECRETKEY");
        assertThat(server.requestHeaders()).allSatisfy(h -> assertThat(h.get("Authorization")).containsExactly("Bearer SECRETKEY"));
        // Basic plan: 5 requests per minute, so the second page waits 12 s
        assertThat(waits).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void polygon_retries_a_429_after_its_retry_after_then_reads_minute_bars_of_the_session() {
        LocalDate d = LocalDate.parse("2026-11-20");
        long open = XNYS.sessionOpen(d).toEpochMilli();
        server.then(Reply.status(429, "{\"status\":\"ERROR\",\"request_id\":\"r1\",\"error\":\"You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing\"}",
                        Map.of("Retry-After", "7")))
                .then(Reply.ok(polygonPage("AAPL", "{\"v\":1200,\"vw\":1.95,\"o\":2,\"c\":2.05,\"h\":2.1,\"l\":1.9,\"t\":" + (open + 60_000)
                        + ",\"n\":12},{\"v\":900,\"vw\":1.9,\"o\":1.9,\"c\":2.0,\"h\":2.0,\"l\":1.8,\"t\":" + open + ",\"n\":9},"
                        + "{\"v\":50,\"vw\":1.9,\"o\":1.9,\"c\":1.9,\"h\":1.9,\"l\":1.9,\"t\":" + (open - 60_000) + ",\"n\":1}", null)));

        List<MinuteBar> bars = provider(Vendor.POLYGON, "").minuteBars(aapl, d);

        assertThat(bars).extracting(MinuteBar::ts)
                .containsExactly(Instant.ofEpochMilli(open), Instant.ofEpochMilli(open + 60_000));
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        assertThat(paths().getLast()).isEqualTo("/v2/aggs/ticker/AAPL/range/1/minute/" + open + "/"
                + (XNYS.sessionClose(d).toEpochMilli() - 1));
    }

    @Test
    void polygon_error_body_is_reported_with_its_text_and_without_the_key() {
        server.then(Reply.status(401, "{\"status\":\"ERROR\",\"request_id\":\"0f1f\",\"error\":\"Unknown API Key\"}", Map.of()));

        assertThatThrownBy(() -> provider(Vendor.POLYGON, "").dailyBars(aapl, LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("bars for AAPL")
                .hasMessageContaining("polygon answered HTTP 401: Unknown API Key")
                .hasMessageNotContaining("SECRETKEY");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void polygon_does_not_follow_a_next_url_to_another_host_nor_serve_a_non_us_listing() {
        server.then(Reply.ok(polygonPage("AAPL", "", "https://elsewhere.example/v2/aggs?cursor=x")));
        BarProvider polygon = provider(Vendor.POLYGON, "");

        assertThatThrownBy(() -> polygon.dailyBars(aapl, LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20")))
                .hasMessageContaining("next_url leads to another host (https://elsewhere.example)");
        assertThatThrownBy(() -> polygon.dailyBars(new Ticker("VOD", "XLON", null), LocalDate.parse("2026-11-20"),
                LocalDate.parse("2026-11-20")))
                .hasMessageContaining("polygon has no listings on XLON");
        assertThat(server.requests()).hasSize(1);
    }

    // ---- Tiingo --------------------------------------------------------------------------------------------------

    @Test
    void tiingo_reads_end_of_day_bars_with_adjusted_close_and_sends_its_token_and_mapped_symbol() {
        server.then(Reply.ok("""
                [{"date":"2026-11-19T00:00:00.000Z","close":456.3,"high":457.0,"low":452.8,"open":454.1,"volume":3100000,
                  "adjClose":455.1,"adjHigh":455.8,"adjLow":451.6,"adjOpen":452.9,"adjVolume":3100000,"divCash":0.0,"splitFactor":1.0},
                 {"date":"2026-11-20T00:00:00.000Z","close":455.9,"high":458.1,"low":455.0,"open":456.5,"volume":2900000,
                  "adjClose":454.7,"adjHigh":456.9,"adjLow":453.8,"adjOpen":455.3,"adjVolume":2900000,"divCash":0.0,"splitFactor":1.0}]"""));
        BarProvider tiingo = provider(Vendor.TIINGO, "");

        List<DailyBar> bars = tiingo.dailyBars(new Ticker("BRK.B", "XNYS", null), LocalDate.parse("2026-11-19"),
                LocalDate.parse("2026-11-20"));

        assertThat(bars).hasSize(2);
        assertThat(bars.get(1)).isEqualTo(new DailyBar("BRK.B", LocalDate.parse("2026-11-20"), 456.5, 458.1, 455.0, 455.9,
                454.7, 2_900_000, tiingo.source()));
        assertThat(paths()).containsExactly("/tiingo/daily/BRK-B/prices");
        assertThat(server.requests().getFirst().getQuery()).contains("startDate=2026-11-19").contains("endDate=2026-11-20")
                .contains("token=SECRETKEY");
    }

    @Test
    void tiingo_not_found_detail_fails_the_symbol_with_its_text() {
        server.then(Reply.status(404, "{\"detail\":\"Error: Ticker 'ZZZZ' not found\"}", Map.of()));

        assertThatThrownBy(() -> provider(Vendor.TIINGO, "").dailyBars(new Ticker("ZZZZ", "XNYS", null),
                LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("bars for ZZZZ")
                .hasMessageContaining("tiingo answered HTTP 404: Error: Ticker 'ZZZZ' not found")
                .hasMessageNotContaining("SECRETKEY");
    }

    @Test
    void tiingo_minute_bars_come_from_iex_for_the_session_window_and_a_symbol_map_overrides_the_rule() {
        server.then(Reply.ok("""
                [{"date":"2026-11-20T14:29:00.000Z","open":1.0,"high":1.0,"low":1.0,"close":1.0,"volume":1},
                 {"date":"2026-11-20T14:31:00.000Z","open":2.0,"high":2.1,"low":1.9,"close":2.05,"volume":10},
                 {"date":"2026-11-20T14:30:00.000Z","open":1.9,"high":2.0,"low":1.8,"close":2.0,"volume":12}]"""));

        List<MinuteBar> bars = provider(Vendor.TIINGO, "?symbol_map=GOOGL:GOOG").minuteBars(new Ticker("GOOGL", "XNAS", null),
                LocalDate.parse("2026-11-20"));

        assertThat(bars).extracting(MinuteBar::ts).containsExactly(Instant.parse("2026-11-20T14:30:00Z"),
                Instant.parse("2026-11-20T14:31:00Z"));
        assertThat(bars).allSatisfy(b -> assertThat(b.symbol()).isEqualTo("GOOGL"));
        assertThat(paths()).containsExactly("/iex/GOOG/prices");
        assertThat(server.requests().getFirst().getQuery()).contains("resampleFreq=1min")
                .contains("columns=open,high,low,close,volume");
    }

    // ---- Alpha Vantage -------------------------------------------------------------------------------------------

    private static final String AV_DAILY = """
            {"Meta Data":{"1. Information":"Daily Prices (open, high, low, close) and Volumes","2. Symbol":"VOD.LON",
              "3. Last Refreshed":"2026-11-20","4. Output Size":"Compact","5. Time Zone":"US/Eastern"},
             "Time Series (Daily)":{
              "2026-11-20":{"1. open":"72.1000","2. high":"73.0000","3. low":"71.5000","4. close":"72.8000","5. volume":"51234567"},
              "2026-11-19":{"1. open":"71.0000","2. high":"72.2000","3. low":"70.9000","4. close":"72.0000","5. volume":"48000000"},
              "2026-11-18":{"1. open":"70.0000","2. high":"71.2000","3. low":"69.9000","4. close":"71.0000","5. volume":"47000000"}}}""";

    @Test
    void alphavantage_retries_a_per_minute_note_with_backoff_and_maps_an_lse_symbol() {
        server.then(Reply.ok("{\"Note\":\"Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute"
                        + " and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.\"}"))
                .then(Reply.ok(AV_DAILY));

        List<DailyBar> bars = provider(Vendor.ALPHAVANTAGE, "").dailyBars(new Ticker("VOD", "XLON", null),
                LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-20"));

        assertThat(bars).extracting(DailyBar::date).containsExactly(LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-20"));
        assertThat(bars.getLast().close()).isEqualTo(72.8);
        assertThat(bars.getLast().volume()).isEqualTo(51_234_567L);
        // the throttling note waits the first backoff step; the second request then waits its turn at 5 per minute
        assertThat(waits.getFirst()).isEqualTo(VendorHttp.THROTTLED.delay(1));
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().getLast().getQuery()).contains("function=TIME_SERIES_DAILY").contains("symbol=VOD.LON")
                .contains("outputsize=compact").contains("apikey=SECRETKEY");
    }

    @Test
    void alphavantage_daily_allowance_fails_at_once_without_showing_the_key() {
        server.then(Reply.ok("{\"Information\":\"We have detected your API key as SECRETKEY and our standard API rate limit is"
                + " 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/"
                + " to instantly remove all daily rate limits.\"}"));

        assertThatThrownBy(() -> provider(Vendor.ALPHAVANTAGE, "").dailyBars(aapl, LocalDate.parse("2026-11-20"),
                LocalDate.parse("2026-11-20")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("alphavantage refused the request")
                .hasMessageContaining("25 requests per day")
                .hasMessageContaining("a daily allowance")
                .hasMessageNotContaining("SECRETKEY");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void alphavantage_error_message_fails_the_symbol() {
        server.then(Reply.ok("{\"Error Message\":\"Invalid API call. Please retry or visit the documentation"
                + " (https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY.\"}"));

        assertThatThrownBy(() -> provider(Vendor.ALPHAVANTAGE, "").dailyBars(new Ticker("ZZZZ", "XNYS", null),
                LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20")))
                .hasMessageContaining("bars for ZZZZ")
                .hasMessageContaining("alphavantage answered: Invalid API call");
    }

    @Test
    void alphavantage_intraday_pages_by_month_once_for_all_its_sessions_in_the_zone_it_names() {
        server.then(Reply.ok("""
                {"Meta Data":{"1. Information":"Intraday (1min) open, high, low, close prices and volume","2. Symbol":"AAPL",
                  "3. Last Refreshed":"2026-11-20 15:59:00","4. Interval":"1min","5. Output Size":"Full size","6. Time Zone":"US/Eastern"},
                 "Time Series (1min)":{
                  "2026-11-20 09:31:00":{"1. open":"2.0000","2. high":"2.1000","3. low":"1.9000","4. close":"2.0500","5. volume":"10"},
                  "2026-11-20 09:30:00":{"1. open":"1.9000","2. high":"2.0000","3. low":"1.8000","4. close":"2.0000","5. volume":"12"},
                  "2026-11-19 15:59:00":{"1. open":"1.8000","2. high":"1.9000","3. low":"1.7000","4. close":"1.9000","5. volume":"30"}}}"""));
        BarProvider av = provider(Vendor.ALPHAVANTAGE, "");

        List<MinuteBar> friday = av.minuteBars(aapl, LocalDate.parse("2026-11-20"));
        List<MinuteBar> thursday = av.minuteBars(aapl, LocalDate.parse("2026-11-19"));

        assertThat(friday).extracting(MinuteBar::ts).containsExactly(Instant.parse("2026-11-20T14:30:00Z"),
                Instant.parse("2026-11-20T14:31:00Z"));
        assertThat(thursday).extracting(MinuteBar::ts).containsExactly(Instant.parse("2026-11-19T20:59:00Z"));
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().getFirst().getQuery()).contains("function=TIME_SERIES_INTRADAY").contains("month=2026-11")
                .contains("interval=1min").contains("extended_hours=false");
    }

    // ---- choosing a vendor ---------------------------------------------------------------------------------------

    @Test
    void an_unknown_provider_names_the_allowed_values_and_a_missing_connection_names_its_variable() {
        assertThat(Vendor.parse(null)).isEqualTo(Vendor.SIMULATED);
        assertThat(Vendor.parse(" Polygon ")).isEqualTo(Vendor.POLYGON);
        assertThatThrownBy(() -> Vendor.parse("bloomberg"))
                .hasMessage("pipeline.market-data.provider (PIPELINE_MARKET_DATA_PROVIDER) is 'bloomberg'; allowed values are"
                        + " simulated, eodhd, polygon, tiingo, alphavantage");
        assertThatThrownBy(() -> Vendor.TIINGO.requireConnection(ConnectionRegistry.empty()))
                .hasMessageContaining("PIPELINE_CONN_TIINGO=https://API_TOKEN@api.tiingo.com");
        Vendor.EODHD.requireConnection(new ConnectionRegistry(Map.of(
                "PIPELINE_CONN_MARKET_DATA_EOD", "https://T@eodhd.com/api", "PIPELINE_CONN_MARKET_DATA_INTRADAY", "https://T@eodhd.com/api")));
        Vendor.SIMULATED.requireConnection(ConnectionRegistry.empty());
    }

    @Test
    void a_connection_can_state_its_plan_rate_and_the_rate_spaces_requests_evenly() throws Exception {
        Connection premium = ConnectionUri.parse("alphavantage", "https://K@www.alphavantage.co?requests_per_minute=75");
        RequestRate rate = Vendor.ALPHAVANTAGE.rate(premium, clock);
        assertThat(rate.requests()).isEqualTo(75);
        assertThat(rate.period()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Vendor.TIINGO.rate(ConnectionUri.parse("tiingo", "https://K@api.tiingo.com?requests_per_hour=lots"),
                clock)).hasMessageContaining("requests_per_minute/requests_per_hour must be a whole number, got 'lots'");

        RequestRate five = new RequestRate(5, Duration.ofMinutes(1), clock);
        five.acquire(waits::add);
        five.acquire(waits::add);
        five.acquire(waits::add);
        clock.advance(Duration.ofSeconds(60));
        five.acquire(waits::add);
        assertThat(waits).containsExactly(Duration.ofSeconds(12), Duration.ofSeconds(24));
    }
}
