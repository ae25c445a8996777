package io.pipeline.alert.notify;

import io.pipeline.alert.AlertFixtures;
import io.pipeline.alert.FakeHttpServer;
import io.pipeline.alert.FakeHttpServer.Request;
import io.pipeline.alert.FakeHttpServer.Response;
import io.pipeline.alert.OutboxRow;
import io.pipeline.alert.notify.DeliveryResult.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every notifier must do, run against each implementation over real HTTP: deliver, classify server errors as
 * retryable, honour 429 Retry-After, not retry permanent errors, time out, survive an unreachable server.
 */
public abstract class NotifierContract {

    protected static final Instant AT = Instant.parse("2018-05-14T06:30:00Z");
    protected FakeHttpServer server;

    private final List<Notifier> opened = new ArrayList<>();

    /** A notifier pointed at {@code server}, with the given HTTP timeout. */
    protected abstract Notifier createNotifier(FakeHttpServer server, Duration timeout);

    /** A notifier pointed at {@code baseUrl}, where nothing listens. */
    protected abstract Notifier createUnreachableNotifier(String baseUrl);

    protected abstract Response success();

    /** An answer meaning "wrong configuration": retrying cannot help. */
    protected abstract Response permanentFailure();

    /** The alert's one-line summary as the server received it. */
    protected abstract String summaryIn(Request request);

    /** The request body as text a person would read (decoded from any form encoding). */
    protected String readable(Request request) {
        return request.body();
    }

    @BeforeEach
    void startServer() {
        server = FakeHttpServer.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        for (Notifier n : opened) {
            if (n instanceof AutoCloseable c) {
                c.close();
            }
        }
        server.close();
    }

    protected Notifier notifier(FakeHttpServer server, Duration timeout) {
        return track(createNotifier(server, timeout));
    }

    protected Notifier unreachableNotifier(String baseUrl) {
        return track(createUnreachableNotifier(baseUrl));
    }

    private Notifier track(Notifier n) {
        opened.add(n);
        return n;
    }

    protected OutboxRow alert() {
        return AlertFixtures.row(42, "#data-alerts", AT);
    }

    @Test
    void delivers_the_summary_and_reports_delivered() {
        server.enqueue(success());
        DeliveryResult r = notifier(server, Duration.ofSeconds(5)).deliver(alert());
        assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.requests()).hasSize(1);
        assertThat(summaryIn(server.requests().get(0))).isEqualTo("nightly_dataload.task_1 [2018-05-14] has failed!");
    }

    @Test
    void carries_the_link_to_the_task_page() {
        server.enqueue(success());
        notifier(server, Duration.ofSeconds(5)).deliver(alert());
        assertThat(readable(server.requests().get(0))).contains("https://pipeline.example.com/dags/nightly_dataload/runs/");
    }

    @Test
    void a_server_error_is_retryable() {
        server.enqueue(Response.text(503, "upstream connect error"));
        DeliveryResult r = notifier(server, Duration.ofSeconds(5)).deliver(alert());
        assertThat(r.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(r.httpStatus()).isEqualTo(503);
    }

    @Test
    void a_rate_limit_reports_the_servers_retry_after() {
        server.enqueue(Response.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "7"));
        DeliveryResult r = notifier(server, Duration.ofSeconds(5)).deliver(alert());
        assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void a_permanent_error_is_not_retryable() {
        server.enqueue(permanentFailure());
        DeliveryResult r = notifier(server, Duration.ofSeconds(5)).deliver(alert());
        assertThat(r.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(r.outcome().isRetryable()).isFalse();
        assertThat(r.error()).isNotBlank();
    }

    @Test
    void no_answer_within_the_timeout_is_a_timeout() {
        server.enqueue(success().delayedBy(Duration.ofSeconds(5)));
        long start = System.nanoTime();
        DeliveryResult r = notifier(server, Duration.ofMillis(300)).deliver(alert());
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.outcome().isRetryable()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void an_unreachable_server_is_retryable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DeliveryResult r = unreachableNotifier("http://127.0.0.1:" + port).deliver(alert());
        assertThat(r.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(r.httpStatus()).isNull();
    }

    @Test
    void a_well_formed_configuration_has_no_problem() {
        assertThat(notifier(server, Duration.ofSeconds(5)).configurationProblem()).isEmpty();
    }
}
