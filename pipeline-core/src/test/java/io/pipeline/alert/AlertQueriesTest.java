package io.pipeline.alert;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.alert.notify.DeliveryResult;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;

import static io.pipeline.alert.AlertFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query service behind GET /api/v1/alerts. */
class AlertQueriesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T21:00:00Z");
    private static HikariDataSource dataSource;

    private SettableClock clock;
    private AlertOutbox outbox;
    private AlertQueries queries;
    private AlertSignal signal;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migratedDatabase(AlertQueriesTest.class);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void setUp() {
        JdbcClient.create(dataSource).sql("TRUNCATE alert_outbox CASCADE").update();
        clock = new SettableClock(T0);
        outbox = new AlertOutbox(dataSource);
        signal = new AlertSignal();
        queries = new AlertQueries(dataSource, clock, signal);
    }

    private long insert(String run, int seq, String notifier, Instant at) {
        return outbox.insert(payload(run, seq, at), notifier, null, at);
    }

    @Test
    void lists_newest_first_with_a_total_and_pages() {
        for (int i = 0; i < 5; i++) {
            insert("run_1", i, "slack", T0.plusSeconds(i));
        }
        AlertView.Page first = queries.list(AlertView.Filter.all(), 2, 0);
        AlertView.Page last = queries.list(AlertView.Filter.all(), 2, 4);

        assertThat(first.total()).isEqualTo(5);
        assertThat(first.alerts()).extracting(AlertView::taskId).containsExactly("task_4", "task_3");
        assertThat(last.alerts()).extracting(AlertView::taskId).containsExactly("task_0");
    }

    @Test
    void filters_by_run_state_notifier_and_time() {
        long a = insert("run_1", 1, "slack", T0);
        insert("run_2", 2, "slack", T0.plusSeconds(10));
        long c = insert("run_2", 3, "webhook", T0.plusSeconds(20));
        outbox.markUndeliverable(a, 1, "invalid_auth");

        assertThat(queries.list(AlertView.Filter.all().withRun(AlertFixtures.DAG, "run_2"), 10, 0).total()).isEqualTo(2);
        assertThat(queries.list(AlertView.Filter.all().withState(AlertState.UNDELIVERABLE), 10, 0).alerts())
                .extracting(AlertView::id).containsExactly(a);
        assertThat(queries.list(new AlertView.Filter(null, null, null, null, null, "webhook", null, null), 10, 0)
                .alerts()).extracting(AlertView::id).containsExactly(c);
        assertThat(queries.list(new AlertView.Filter(null, null, null, null, AlertEvent.FAILURE, null,
                T0.plusSeconds(10), T0.plusSeconds(20)), 10, 0).total()).isEqualTo(1);
        assertThat(queries.list(new AlertView.Filter(null, null, null, null, AlertEvent.RETRY, null, null, null),
                10, 0).total()).isZero();
    }

    @Test
    void one_alert_comes_with_its_payload_and_attempts_in_order() {
        long id = insert("run_1", 1, "slack", T0);
        outbox.recordAttempt(id, 1, T0, DeliveryResult.retryable(503, "HTTP 503"), 12);
        outbox.recordAttempt(id, 2, T0.plusSeconds(5), DeliveryResult.delivered(200), 8);
        outbox.markDelivered(id, 2, T0.plusSeconds(5));

        AlertView.Detail d = queries.get(id).orElseThrow();
        assertThat(d.alert().state()).isEqualTo(AlertState.DELIVERED);
        assertThat(d.alert().deliveredAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(d.payload().summary()).isEqualTo("nightly_dataload.task_1 [2018-05-14] has failed!");
        assertThat(d.attempts()).extracting(AlertView.Attempt::outcome).containsExactly("retryable", "delivered");
        assertThat(d.attempts().get(0).httpStatus()).isEqualTo(503);
        assertThat(d.attempts().get(0).durationMs()).isEqualTo(12);
        assertThat(queries.get(id + 1000)).isEmpty();
    }

    @Test
    void resend_moves_an_undeliverable_alert_back_in_line_and_signals_the_sender() throws InterruptedException {
        long id = insert("run_1", 1, "slack", T0);
        assertThat(queries.resend(id)).isEqualTo(AlertQueries.ResendOutcome.NOT_UNDELIVERABLE);
        assertThat(queries.resend(id + 1000)).isEqualTo(AlertQueries.ResendOutcome.NOT_FOUND);

        outbox.markUndeliverable(id, 1, "channel_not_found");
        clock.advance(Duration.ofHours(3));
        assertThat(queries.resend(id)).isEqualTo(AlertQueries.ResendOutcome.RESENT);
        AlertView v = queries.get(id).orElseThrow().alert();
        assertThat(v.state()).isEqualTo(AlertState.PENDING);
        assertThat(v.nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(v.resentAt()).isEqualTo(clock.instant());
        assertThat(signal.await(Duration.ZERO)).isTrue();
    }

    @Test
    void resend_all_undeliverable_counts_what_it_moved() {
        long a = insert("run_1", 1, "slack", T0);
        long b = insert("run_2", 1, "slack", T0);
        insert("run_3", 1, "slack", T0);
        outbox.markUndeliverable(a, 1, "invalid_auth");
        outbox.markUndeliverable(b, 1, "invalid_auth");

        assertThat(queries.resendAllUndeliverable()).isEqualTo(2);
        assertThat(queries.count(AlertState.PENDING)).isEqualTo(3);
        assertThat(queries.count(AlertState.UNDELIVERABLE)).isZero();
    }

    @Test
    void bad_paging_is_named() {
        assertThatThrownBy(() -> queries.list(AlertView.Filter.all(), 0, 0))
                .hasMessage("limit must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> queries.list(AlertView.Filter.all(), 10, -1))
                .hasMessage("offset must not be negative, got -1");
    }
}
