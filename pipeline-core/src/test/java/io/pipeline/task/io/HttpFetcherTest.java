package io.pipeline.task.io;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.ConnectionUri;
import io.pipeline.connect.HttpApi;
import io.pipeline.connect.testservers.ScriptedHttpServer;
import io.pipeline.connect.testservers.ScriptedHttpServer.Reply;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpFetcherTest {

    private final ScriptedHttpServer server = new ScriptedHttpServer();
    private final List<Duration> waits = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-20T15:00:00Z"), ZoneOffset.UTC);
    private final RecordingLogger log = new RecordingLogger();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpFetcher fetcher(HttpRetryPolicy policy) {
        String uri = server.base().replace("http://", "http://SECRET-TOKEN@") + "/api?token_param=api_token";
        return new HttpFetcher(HttpApi.of(ConnectionUri.parse("eod", uri)), policy, waits::add, clock);
    }

    private String get(HttpFetcher f) throws InterruptedException {
        return new String(f.get(f.api().url("eod/AAPL.US", Map.of("fmt", "json")), log), StandardCharsets.UTF_8);
    }

    @Test
    void retries_after_429_honouring_retry_after_seconds_then_succeeds() throws Exception {
        server.then(Reply.status(429, "slow down", Map.of("Retry-After", "7"))).then(Reply.ok("[1]"));

        assertThat(get(fetcher(HttpRetryPolicy.defaults()))).isEqualTo("[1]");
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).getQuery()).contains("api_token=SECRET-TOKEN");
    }

    @Test
    void honours_a_retry_after_http_date_against_the_injected_clock() throws Exception {
        server.then(Reply.status(503, "", Map.of("Retry-After", "Fri, 20 Nov 2026 15:00:30 GMT"))).then(Reply.ok("ok"));

        get(fetcher(HttpRetryPolicy.defaults()));
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void caps_a_long_retry_after_at_the_policy_maximum() throws Exception {
        server.then(Reply.status(429, "", Map.of("Retry-After", "3600"))).then(Reply.ok("ok"));

        get(fetcher(new HttpRetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20))));
        assertThat(waits).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void backs_off_exponentially_on_500_without_retry_after() throws Exception {
        server.then(Reply.status(500, "boom", Map.of())).then(Reply.status(502, "", Map.of()))
                .then(Reply.ok("fine"));

        assertThat(get(fetcher(new HttpRetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(60))))).isEqualTo("fine");
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void gives_up_after_max_attempts_naming_url_without_token_and_last_status() {
        server.then(Reply.status(500, "internal error", Map.of()));

        assertThatThrownBy(() -> get(fetcher(new HttpRetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1)))))
                .isInstanceOf(HttpFetchException.class)
                .hasMessageContaining("failed after 3 attempt(s)")
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("/api/eod/AAPL.US?fmt=json failed")
                .hasMessageNotContaining("SECRET-TOKEN");
        assertThat(server.requests()).hasSize(3);
        assertThat(waits).hasSize(2);
        assertThat(log.text()).doesNotContain("SECRET-TOKEN");
    }

    @Test
    void does_not_retry_a_404() {
        server.then(Reply.status(404, "{\"error\":\"unknown ticker\"}", Map.of()));

        assertThatThrownBy(() -> get(fetcher(HttpRetryPolicy.defaults())))
                .isInstanceOf(HttpFetchException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("unknown ticker");
        assertThat(server.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void a_response_stalled_mid_body_times_out_and_is_retried() throws Exception {
        server.then(Reply.stalled("[{\"date\":\"2026-11-20\",\"close\":1.0}]")).then(Reply.ok("[]"));
        String uri = server.base() + "/api?timeout=1";
        HttpFetcher f = new HttpFetcher(HttpApi.of(ConnectionUri.parse("eod", uri)), HttpRetryPolicy.defaults(), waits::add, clock);

        assertThat(get(f)).isEqualTo("[]");
        assertThat(waits).hasSize(1);
        assertThat(log.text()).contains("attempt 1/5 failed").contains("no complete response within 1 s");
    }

    @Test
    void http_fetch_task_stores_the_body_under_the_templated_key() throws Exception {
        server.then(Reply.ok("{\"ok\":true}"));
        var connections = new ConnectionRegistry(Map.of("PIPELINE_CONN_API", "http://tok@" + server.base().substring(7)));
        ObjectStore store = LocalObjectStore.underDataDir(dir);
        var ctx = TestTaskContext.create().with(ConnectionRegistry.class, connections).with(ObjectStore.class, store);

        HttpFetch.of("api", "status/{session}", "http/{session}.json").withRetry(HttpRetryPolicy.defaults(), waits::add)
                .execute(ctx);

        assertThat(store.getString("http/2026-11-20.json")).isEqualTo("{\"ok\":true}");
        assertThat(server.requests().get(0).getPath()).isEqualTo("/status/2026-11-20");
        assertThat(server.requestHeaders().get(0).get("Authorization")).containsExactly("Bearer tok");
    }
}
