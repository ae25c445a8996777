package io.pipeline.alert;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.alert.FakeHttpServer.Response;
import io.pipeline.alert.notify.Notifier;
import io.pipeline.alert.notify.SlackApiNotifier;
import io.pipeline.alert.notify.SlackSettings;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender against a real PostgreSQL and a Slack-compatible server over HTTP, driven by a settable clock. */
class AlertSenderTest {

    private static final Instant T0 = Instant.parse("2026-03-02T21:05:00Z");
    private static final String TOKEN = "xoxb-1-2-abc";

    private static HikariDataSource dataSource;
    private static DataSourceTransactionManager transactions;

    private SettableClock clock;
    private FakeHttpServer slack;
    private SimpleMeterRegistry registry;
    private AlertSender sender;
    private AlertOutbox outbox;
    private AlertQueries queries;
    private JdbcClient jdbc;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migratedDatabase(AlertSenderTest.class);
        transactions = new DataSourceTransactionManager(dataSource);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void setUp() {
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("TRUNCATE alert_outbox CASCADE").update();
        clock = new SettableClock(T0);
        slack = FakeHttpServer.start();
        registry = new SimpleMeterRegistry();
        outbox = new AlertOutbox(dataSource);
        queries = new AlertQueries(dataSource, clock, new AlertSignal());
        sender = sender(SlackSettings.withToken(TOKEN, "#data", slack.url("/api/")).timeout(Duration.ofMillis(500)),
                SenderSettings.defaults());
    }

    private AlertSender sender(SlackSettings settings, SenderSettings senderSettings) {
        Notifier notifier = new SlackApiNotifier(settings, clock);
        return new AlertSender(dataSource, transactions, List.of(notifier), clock, new AlertMetrics(registry),
                senderSettings);
    }

    @AfterEach
    void tearDown() {
        sender.close();
        slack.close();
    }

    private long alert(String run, String text) {
        AlertPayload p = AlertFixtures.payload(run, 1, clock.instant());
        AlertPayload withText = new AlertPayload(p.event(), text, p.dagId(), p.runId(), p.taskId(), p.mapIndex(),
                p.dateLabel(), p.logicalDate(), p.tryNumber(), p.maxTries(), p.durationMs(), p.error(), p.state(),
                p.at(), p.taskUrl(), p.logUrl(), null, null, null);
        return outbox.insert(withText, SlackApiNotifier.NAME, null, clock.instant());
    }

    private AlertView view(long id) {
        return queries.get(id).orElseThrow().alert();
    }

    private List<AlertView.Attempt> attempts(long id) {
        return queries.get(id).orElseThrow().attempts();
    }

    private List<String> postedTexts() {
        return slack.requests().stream().map(r -> r.form().get("text")).toList();
    }

    private double deliveries(String outcome) {
        var c = registry.find("pipeline.alerts.deliveries").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void delivers_a_pending_alert_and_records_the_attempt() {
        slack.enqueue(SlackResponses.ok());
        long id = alert("run_1", "first");
        assertThat(sender.deliverDue()).isEqualTo(1);

        AlertView v = view(id);
        assertThat(v.state()).isEqualTo(AlertState.DELIVERED);
        assertThat(v.attempts()).isEqualTo(1);
        assertThat(v.deliveredAt()).isEqualTo(T0);
        assertThat(attempts(id)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("delivered");
            assertThat(a.httpStatus()).isEqualTo(200);
        });
        assertThat(postedTexts()).containsExactly("first");
        assertThat(deliveries("delivered")).isEqualTo(1);
        assertThat(sender.deliverDue()).isZero();
        assertThat(slack.requestCount()).isEqualTo(1);
    }

    @Test
    void a_429_pauses_the_notifier_until_retry_after_has_passed() {
        // One delivery at a time, so that no second request is already in flight when the 429 arrives.
        sender.close();
        sender = sender(SlackSettings.withToken(TOKEN, "#data", slack.url("/api/")),
                new SenderSettings(Duration.ofSeconds(1), 1, Duration.ofSeconds(5), Duration.ofMinutes(5),
                        Duration.ofHours(24), Duration.ofMinutes(1)));
        slack.enqueue(SlackResponses.rateLimited(7));
        slack.answerAll(r -> SlackResponses.ok());
        long first = alert("run_1", "first");
        long other = alert("run_2", "other run");

        sender.deliverDue();
        // Only the first was tried: the 429 holds back every alert of this notifier, not just the one that hit it.
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(view(first).nextAttemptAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(attempts(first)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("rate_limited");
            assertThat(a.httpStatus()).isEqualTo(429);
        });
        assertThat(sender.status().get(0).rateLimitedUntil()).isEqualTo(T0.plusSeconds(7));

        clock.advance(Duration.ofSeconds(6));
        assertThat(sender.deliverDue()).isZero();
        assertThat(slack.requestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(sender.deliverDue()).isEqualTo(2);
        assertThat(view(first).state()).isEqualTo(AlertState.DELIVERED);
        assertThat(view(other).state()).isEqualTo(AlertState.DELIVERED);
    }

    @Test
    void retries_server_errors_with_exponential_backoff_then_succeeds() {
        slack.enqueue(SlackResponses.serverError(), SlackResponses.serverError(), SlackResponses.ok());
        long id = alert("run_1", "eventually");
        SenderSettings s = SenderSettings.defaults();

        sender.deliverDue();
        Duration firstWait = s.backoff(1, id);
        assertThat(view(id).nextAttemptAt()).isEqualTo(T0.plus(firstWait));
        assertThat(view(id).lastError()).isEqualTo("HTTP 500");

        clock.advance(firstWait.minusMillis(1));
        sender.deliverDue();
        assertThat(slack.requestCount()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        sender.deliverDue();
        Instant secondAttempt = clock.instant();
        Duration secondWait = s.backoff(2, id);
        assertThat(secondWait).isEqualTo(firstWait.multipliedBy(2));
        assertThat(view(id).nextAttemptAt()).isEqualTo(secondAttempt.plus(secondWait));

        clock.advance(secondWait);
        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(attempts(id)).extracting(AlertView.Attempt::outcome)
                .containsExactly("retryable", "retryable", "delivered");
        assertThat(attempts(id)).extracting(AlertView.Attempt::httpStatus).containsExactly(500, 500, 200);
        assertThat(view(id).attempts()).isEqualTo(3);
    }

    @Test
    void a_timeout_is_retried_and_recorded() {
        slack.enqueue(SlackResponses.ok().delayedBy(Duration.ofSeconds(10)), SlackResponses.ok());
        long id = alert("run_1", "slow");

        assertThat(sender.deliverDue()).isZero();
        assertThat(view(id).state()).isEqualTo(AlertState.PENDING);
        assertThat(view(id).lastError()).startsWith("no answer from Slack within PT0.5S");
        assertThat(attempts(id)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("timeout");
            assertThat(a.httpStatus()).isNull();
        });

        clock.advance(Duration.ofMinutes(1));
        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(view(id).state()).isEqualTo(AlertState.DELIVERED);
    }

    @Test
    void invalid_auth_makes_the_alert_undeliverable_until_an_operator_resends_it() {
        slack.enqueue(SlackResponses.error("invalid_auth"));
        long id = alert("run_1", "needs a good token");

        assertThat(sender.deliverDue()).isZero();
        AlertView v = view(id);
        assertThat(v.state()).isEqualTo(AlertState.UNDELIVERABLE);
        assertThat(v.lastError()).isEqualTo("invalid_auth");
        assertThat(deliveries("permanent")).isEqualTo(1);
        assertThat(sender.status().get(0).lastPermanentError()).isEqualTo("invalid_auth");
        assertThat(queries.list(AlertView.Filter.all().withState(AlertState.UNDELIVERABLE), 10, 0).alerts())
                .extracting(AlertView::id).containsExactly(id);

        // Not retried blindly, however much time passes.
        clock.advance(Duration.ofHours(2));
        assertThat(sender.deliverDue()).isZero();
        assertThat(slack.requestCount()).isEqualTo(1);

        // The configuration is fixed; the operator re-sends.
        slack.answerAll(r -> SlackResponses.ok());
        assertThat(queries.resend(id)).isEqualTo(AlertQueries.ResendOutcome.RESENT);
        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(view(id).state()).isEqualTo(AlertState.DELIVERED);
        assertThat(view(id).attempts()).isEqualTo(2);
    }

    @Test
    void channel_not_found_is_undeliverable_and_does_not_hold_back_the_runs_later_alerts() {
        slack.answerAll(r -> "#nope".equals(r.form().get("channel"))
                ? SlackResponses.error("channel_not_found") : SlackResponses.ok());
        AlertPayload p = AlertFixtures.payload("run_1", 1, T0);
        long lost = outbox.insert(p, SlackApiNotifier.NAME, "#nope", T0);
        long next = alert("run_1", "next");

        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(view(lost).state()).isEqualTo(AlertState.UNDELIVERABLE);
        assertThat(view(lost).lastError()).isEqualTo("channel_not_found");
        assertThat(view(next).state()).isEqualTo(AlertState.DELIVERED);
    }

    @Test
    void a_later_alert_of_a_run_waits_while_an_earlier_one_is_pending() {
        AtomicBoolean firstTry = new AtomicBoolean(true);
        slack.answerAll(r -> "one".equals(r.form().get("text")) && firstTry.getAndSet(false)
                ? SlackResponses.unavailable() : SlackResponses.ok());
        long first = alert("run_1", "one");
        long second = alert("run_1", "two");
        long otherRun = alert("run_2", "elsewhere");

        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(view(first).state()).isEqualTo(AlertState.PENDING);
        assertThat(view(second).state()).isEqualTo(AlertState.PENDING);
        assertThat(view(otherRun).state()).isEqualTo(AlertState.DELIVERED);

        clock.advance(Duration.ofMinutes(1));
        assertThat(sender.deliverDue()).isEqualTo(2);
        assertThat(postedTexts()).filteredOn(t -> !t.equals("elsewhere")).containsExactly("one", "one", "two");
    }

    @Test
    void an_alert_locked_by_another_sender_is_left_alone_and_so_are_the_runs_later_alerts() throws Exception {
        slack.answerAll(r -> SlackResponses.ok());
        long held = alert("run_1", "held");
        long after = alert("run_1", "after");
        long other = alert("run_2", "other");

        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM alert_outbox WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, held);
                ps.executeQuery().close();
            }
            assertThat(sender.deliverDue()).isEqualTo(1);
            assertThat(view(other).state()).isEqualTo(AlertState.DELIVERED);
            assertThat(view(held).state()).isEqualTo(AlertState.PENDING);
            assertThat(view(after).state()).isEqualTo(AlertState.PENDING);
            // The other sender crashes before committing: its claim is released with its connection.
            c.rollback();
        }
        assertThat(sender.deliverDue()).isEqualTo(2);
        assertThat(postedTexts()).containsExactly("other", "held", "after");
    }

    @Test
    void slack_down_for_an_hour_then_up_delivers_all_500_alerts_once_each_in_order_per_run() {
        List<String> delivered = new ArrayList<>();
        AtomicBoolean up = new AtomicBoolean();
        slack.answerAll(r -> {
            if (!up.get()) {
                return SlackResponses.unavailable();
            }
            synchronized (delivered) {
                delivered.add(r.form().get("text"));
            }
            return SlackResponses.ok();
        });
        int runs = 10;
        for (int seq = 0; seq < 50; seq++) {
            for (int run = 0; run < runs; run++) {
                alert("run_" + run, "run_" + run + " #" + seq);
            }
            clock.advance(Duration.ofSeconds(7));
            sender.deliverDue();
        }
        for (int minute = 0; minute < 60; minute += 5) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(sender.deliverDue()).isZero();
        }
        assertThat(queries.count(AlertState.PENDING)).isEqualTo(500);
        assertThat(registry.get("pipeline.alerts.outbox.depth").gauge().value()).isEqualTo(500);
        assertThat(registry.get("pipeline.alerts.outbox.oldest.age").gauge().value())
                .isEqualTo((double) Duration.between(T0, clock.instant()).toSeconds());

        up.set(true);
        clock.advance(Duration.ofMinutes(5));
        assertThat(sender.deliverDue()).isEqualTo(500);

        assertThat(delivered).hasSize(500).doesNotHaveDuplicates();
        Map<String, Integer> lastSeq = new HashMap<>();
        for (String text : delivered) {
            String run = text.substring(0, text.indexOf(' '));
            int seq = Integer.parseInt(text.substring(text.indexOf('#') + 1));
            assertThat(seq).as("order within %s", run).isEqualTo(lastSeq.getOrDefault(run, -1) + 1);
            lastSeq.put(run, seq);
        }
        assertThat(queries.count(AlertState.DELIVERED)).isEqualTo(500);
        assertThat(queries.count(AlertState.UNDELIVERABLE)).isZero();
        assertThat(registry.get("pipeline.alerts.outbox.depth").gauge().value()).isZero();
        assertThat(sender.deliverDue()).isZero();
    }

    @Test
    void a_malformed_token_keeps_alerts_pending_without_calling_slack() {
        sender.close();
        sender = sender(SlackSettings.withToken("not-a-token", "#data", slack.url("/api/")), SenderSettings.defaults());
        long id = alert("run_1", "waits");

        assertThat(sender.deliverDue()).isZero();
        assertThat(slack.requestCount()).isZero();
        assertThat(view(id).state()).isEqualTo(AlertState.PENDING);
        assertThat(sender.configurationProblems()).singleElement()
                .satisfies(p -> assertThat(p).contains("pipeline.alerts.slack.token").doesNotContain("not-a-token"));
    }

    @Test
    void an_alert_without_any_channel_waits_without_an_attempt_at_slack() {
        sender.close();
        sender = sender(SlackSettings.withToken(TOKEN, null, slack.url("/api/")), SenderSettings.defaults());
        long id = alert("run_1", "where to?");

        assertThat(sender.deliverDue()).isZero();
        AlertView v = view(id);
        assertThat(v.state()).isEqualTo(AlertState.PENDING);
        assertThat(v.attempts()).isZero();
        assertThat(v.nextAttemptAt()).isEqualTo(T0.plus(SenderSettings.defaults().notConfiguredWait()));
        assertThat(v.lastError()).contains("pipeline.alerts.slack.channel");
        assertThat(slack.requestCount()).isZero();
        assertThat(deliveries("not_configured")).isEqualTo(1);
    }

    @Test
    void gives_up_on_retryable_errors_after_the_give_up_period() {
        sender.close();
        sender = sender(SlackSettings.withToken(TOKEN, "#data", slack.url("/api/")),
                new SenderSettings(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), Duration.ofMinutes(5),
                        Duration.ofMinutes(30), Duration.ofMinutes(1)));
        slack.answerAll(Response.text(502, "bad gateway"));
        long id = alert("run_1", "never");
        for (int i = 0; i < 8; i++) {
            sender.deliverDue();
            clock.advance(Duration.ofMinutes(5));
        }
        AlertView v = view(id);
        assertThat(v.state()).isEqualTo(AlertState.UNDELIVERABLE);
        assertThat(v.lastError()).startsWith("gave up after " + v.attempts() + " attempts over PT30M: HTTP 502");
        assertThat(v.attempts()).isGreaterThan(3);
    }

    @Test
    void the_outbox_gauges_show_depth_and_the_age_of_the_oldest_pending_alert() {
        slack.answerAll(SlackResponses.unavailable());
        alert("run_1", "a");
        clock.advance(Duration.ofSeconds(30));
        alert("run_2", "b");
        clock.advance(Duration.ofSeconds(60));
        sender.deliverDue();
        assertThat(registry.get("pipeline.alerts.outbox.depth").gauge().value()).isEqualTo(2);
        assertThat(registry.get("pipeline.alerts.outbox.oldest.age").gauge().value()).isEqualTo(90);
        assertThat(deliveries("retryable")).isEqualTo(2);
    }
}
