package io.pipeline.dags.marketdata;

import io.pipeline.calendar.Calendars;
import io.pipeline.connect.ConnectionUri;
import io.pipeline.connect.HttpApi;
import io.pipeline.connect.testservers.ScriptedHttpServer;
import io.pipeline.connect.testservers.ScriptedHttpServer.Reply;
import io.pipeline.task.io.HttpFetcher;
import io.pipeline.task.io.HttpRetryPolicy;
import io.pipeline.task.io.RecordingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP providers against a local server replaying vendor payloads, good and bad. */
class HttpProvidersTest {

    private static final String EOD = """
            [{"date":"2026-11-19","open":228.1,"high":230.0,"low":227.5,"close":229.4,"adjusted_close":229.4,"volume":41000000},
             {"date":"2026-11-20","open":229.5,"high":231.2,"low":228.9,"close":230.8,"adjusted_close":230.8,"volume":38000000}]""";

    private final ScriptedHttpServer server = new ScriptedHttpServer();
    private final List<Duration> waits = new ArrayList<>();
    private final RecordingLogger log = new RecordingLogger();
    private final Ticker aapl = new Ticker("AAPL", "XNAS", null);

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpFetcher fetcher() {
        HttpApi api = HttpApi.of(ConnectionUri.parse("eodhd",
                server.base().replace("http://", "http://TOPSECRET@") + "/api?token_param=api_token"));
        return new HttpFetcher(api, new HttpRetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5)), waits::add,
                Clock.fixed(Instant.parse("2026-11-20T22:00:00Z"), ZoneOffset.UTC));
    }

    private EodhdProvider eod() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T22:00:00Z"), ZoneOffset.UTC);
        return new EodhdProvider(new VendorHttp(Vendor.EODHD, fetcher(), new RequestRate(1000, Duration.ofMinutes(1),
                clock), waits::add, log), SymbolMap.of(Vendor.EODHD, ""), Calendars.get("XNYS"), "eodhd");
    }

    @Test
    void parses_end_of_day_bars_after_a_429_and_a_500() {
        server.then(Reply.status(429, "", Map.of("Retry-After", "2"))).then(Reply.status(500, "oops", Map.of()))
                .then(Reply.ok(EOD));

        List<DailyBar> bars = eod().dailyBars(aapl, LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-20"));

        assertThat(bars).hasSize(2);
        assertThat(bars.get(1)).isEqualTo(new DailyBar("AAPL", LocalDate.parse("2026-11-20"), 229.5, 231.2, 228.9, 230.8,
                230.8, 38_000_000, "eodhd"));
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(200));
        assertThat(server.requests().getLast().getPath()).isEqualTo("/api/eod/AAPL.US");
        assertThat(server.requests().getLast().getQuery()).contains("from=2026-11-19").contains("api_token=TOPSECRET");
    }

    @Test
    void a_truncated_body_fails_naming_symbol_url_without_token_and_cause() {
        server.then(Reply.truncated(EOD));

        assertThatThrownBy(() -> eod().dailyBars(aapl, LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-20")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("bars for AAPL")
                .hasMessageContaining("/api/eod/AAPL.US?from=2026-11-19")
                .hasMessageContaining("malformed JSON")
                .hasMessageNotContaining("TOPSECRET");
    }

    @Test
    void a_malformed_element_names_the_element_and_field() {
        server.then(Reply.ok("[{\"date\":\"2026-11-20\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":\"n/a\",\"volume\":5}]"));

        assertThatThrownBy(() -> eod().dailyBars(aapl, LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20")))
                .hasMessageContaining("element 0: field 'close' is missing or not a number");
    }

    @Test
    void an_error_object_instead_of_an_array_is_reported_with_its_message() {
        server.then(Reply.ok("{\"message\":\"Symbol not found\"}"));

        assertThatThrownBy(() -> eod().dailyBars(new Ticker("ZZZZ", "XNYS", null), LocalDate.parse("2026-11-20"),
                LocalDate.parse("2026-11-20")))
                .hasMessageContaining("bars for ZZZZ")
                .hasMessageContaining("expected a JSON array of bars but got object: Symbol not found");
    }

    @Test
    void persistent_500s_fail_after_the_retries_naming_the_status() {
        server.then(Reply.status(500, "upstream down", Map.of()));

        assertThatThrownBy(() -> eod().dailyBars(aapl, LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("bars for AAPL")
                .hasMessageContaining("HTTP 500")
                .hasMessageNotContaining("TOPSECRET");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void intraday_bars_are_requested_for_the_session_window_and_sorted() {
        var xnys = Calendars.get("XNYS");
        LocalDate d = LocalDate.parse("2026-11-27");
        long open = xnys.sessionOpen(d).getEpochSecond();
        server.then(Reply.ok("[{\"timestamp\":" + (open + 60) + ",\"open\":2,\"high\":2.1,\"low\":1.9,\"close\":2.05,\"volume\":10},"
                + "{\"timestamp\":" + open + ",\"open\":1.9,\"high\":2.0,\"low\":1.8,\"close\":2.0,\"volume\":12}]"));

        List<MinuteBar> bars = eod().minuteBars(aapl, d);

        assertThat(bars).extracting(MinuteBar::ts).containsExactly(Instant.ofEpochSecond(open), Instant.ofEpochSecond(open + 60));
        assertThat(server.requests().get(0).getQuery()).contains("interval=1m").contains("from=" + open)
                .contains("to=" + (xnys.sessionClose(d).getEpochSecond() - 1));
    }
}
