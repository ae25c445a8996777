package io.pipeline.alert;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.alert.deadline.DeadlineTracker;
import io.pipeline.alert.deadline.RunDatesResolver;
import io.pipeline.calendar.Calendars;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.alert.RunDates;
import io.pipeline.engine.TaskStateChange;
import io.pipeline.schedule.DataInterval;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static io.pipeline.alert.AlertFixtures.DAG;
import static io.pipeline.alert.AlertFixtures.LOGICAL_DATE;
import static io.pipeline.alert.AlertFixtures.RUN;
import static io.pipeline.dag.alert.AlertEvent.FAILURE;
import static io.pipeline.dag.alert.AlertEvent.RECOVERY;
import static io.pipeline.dag.alert.AlertEvent.RETRY;
import static io.pipeline.dag.alert.AlertEvent.RUN_FAILURE;
import static io.pipeline.dag.alert.AlertEvent.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener writes outbox rows in the engine's transaction, per the alert rules. */
class OutboxAlertListenerTest {

    private static final Instant AT = Instant.parse("2018-05-15T06:30:00Z");

    private static HikariDataSource dataSource;
    private static TransactionTemplate engineTx;

    private AlertRules rules;
    private AlertQueries queries;
    private AlertSignal signal;
    private RunDatesResolver runDates;
    private OutboxAlertListener listener;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migratedDatabase(OutboxAlertListenerTest.class);
        engineTx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void setUp() {
        JdbcClient.create(dataSource).sql("TRUNCATE alert_outbox, alert_task_outcome, deadline_watch CASCADE").update();
        rules = new AlertRules(List.of("slack", "webhook"));
        rules.register(DAG,
                AlertPolicy.dag(RETRY, FAILURE, RUN_FAILURE).channel("#data"),
                AlertPolicy.task("publish", SUCCESS, RECOVERY, FAILURE).channel("#desk").via("slack"));
        signal = new AlertSignal();
        queries = new AlertQueries(dataSource, Clock.systemUTC(), signal);
        runDates = RunDatesResolver.logicalDateOnly();
        listener = listener();
    }

    private OutboxAlertListener listener() {
        AlertComposer composer = new AlertComposer(new DashboardLinks("https://pipeline.example.com/"));
        AlertWriter writer = new AlertWriter(dataSource, rules, signal);
        DeadlineTracker deadlines = new DeadlineTracker(dataSource, rules, Calendars::get, composer, writer,
                new AlertMetrics(new SimpleMeterRegistry()));
        return new OutboxAlertListener(dataSource, rules, composer, writer, deadlines,
                (dag, run, logicalDate) -> runDates.resolve(dag, run, logicalDate));
    }

    /** As the engine does: the state change and the listener in one transaction. */
    private void inEngineTransaction(TaskStateChange... changes) {
        engineTx.executeWithoutResult(status -> {
            for (TaskStateChange c : changes) {
                listener.onTaskStateChange(c);
            }
        });
    }

    private List<AlertView> alerts() {
        return queries.list(AlertView.Filter.all(), 100, 0).alerts().reversed();
    }

    private List<String> summaries() {
        return alerts().stream().map(AlertView::summary).distinct().toList();
    }

    @Test
    void a_retry_writes_one_pending_row_per_notifier_with_the_familiar_summary() {
        inEngineTransaction(AlertFixtures.retried("ingest_fundamentals", 1, 2, AT));

        List<AlertView> rows = alerts();
        assertThat(rows).extracting(AlertView::notifier).containsExactlyInAnyOrder("slack", "webhook");
        assertThat(rows).allSatisfy(a -> {
            assertThat(a.summary()).isEqualTo("nightly_dataload.ingest_fundamentals [2018-05-14] has retried (1/2 attempts)");
            assertThat(a.event()).isEqualTo(RETRY);
            assertThat(a.channel()).isEqualTo("#data");
            assertThat(a.state()).isEqualTo(AlertState.PENDING);
            assertThat(a.nextAttemptAt()).isEqualTo(AT);
            assertThat(a.runId()).isEqualTo(RUN);
            assertThat(a.taskId()).isEqualTo("ingest_fundamentals");
        });
    }

    @Test
    void a_failure_says_it_failed_and_carries_the_details() {
        inEngineTransaction(AlertFixtures.failed("ingest_fundamentals", 2, 2, AT));

        AlertView row = alerts().get(0);
        assertThat(row.summary()).isEqualTo("nightly_dataload.ingest_fundamentals [2018-05-14] has failed!");
        AlertPayload p = queries.get(row.id()).orElseThrow().payload();
        assertThat(p.tryNumber()).isEqualTo(2);
        assertThat(p.maxTries()).isEqualTo(2);
        assertThat(p.durationMs()).isEqualTo(83_000);
        assertThat(p.error()).startsWith("java.io.IOException: provider answered 503");
        assertThat(p.taskUrl()).isEqualTo("https://pipeline.example.com/dags/nightly_dataload/runs/"
                + "scheduled__2018-05-14T00%3A00%3A00%2B00%3A00/tasks/ingest_fundamentals");
        assertThat(p.logUrl()).endsWith("/tasks/ingest_fundamentals/logs/2");
    }

    @Test
    void a_task_policy_replaces_the_dags_for_that_task() {
        inEngineTransaction(AlertFixtures.succeeded("publish", 1, 1, AT), AlertFixtures.succeeded("ingest", 1, 1, AT));

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.summary()).isEqualTo("nightly_dataload.publish [2018-05-14] is complete");
            assertThat(a.notifier()).isEqualTo("slack");
            assertThat(a.channel()).isEqualTo("#desk");
        });
    }

    @Test
    void states_that_do_not_alert_write_nothing() {
        inEngineTransaction(
                AlertFixtures.taskChange("ingest", 1, 2, TaskState.SCHEDULED, TaskState.QUEUED, AT),
                AlertFixtures.taskChange("ingest", 1, 2, TaskState.QUEUED, TaskState.RUNNING, AT),
                AlertFixtures.taskChange("ingest", 1, 2, TaskState.NONE, TaskState.UPSTREAM_FAILED, AT));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void a_dag_without_alert_policies_writes_nothing() {
        inEngineTransaction(AlertFixtures.taskChange("other_dag", "r1", "t", 1, 1, TaskState.RUNNING,
                TaskState.FAILED, AT));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void the_rows_roll_back_with_a_rolled_back_state_change() {
        assertThatThrownBy(() -> engineTx.executeWithoutResult(status -> {
            listener.onTaskStateChange(AlertFixtures.failed("ingest_fundamentals", 2, 2, AT));
            assertThat(JdbcClient.create(dataSource).sql("SELECT count(*) FROM alert_outbox")
                    .query(Long.class).single()).as("written in the engine's transaction").isEqualTo(2);
            assertThat(countOutsideTheTransaction()).as("not visible outside it before commit").isZero();
            throw new IllegalStateException("the engine's write failed");
        })).hasMessage("the engine's write failed");
        assertThat(alerts()).isEmpty();

        engineTx.executeWithoutResult(status -> {
            listener.onTaskStateChange(AlertFixtures.failed("ingest_fundamentals", 2, 2, AT));
            status.setRollbackOnly();
        });
        assertThat(alerts()).isEmpty();
    }

    private long countOutsideTheTransaction() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM alert_outbox")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_first_success_after_a_failure_is_a_recovery_and_the_next_is_routine() {
        inEngineTransaction(AlertFixtures.failed("publish", 1, 1, AT));
        inEngineTransaction(AlertFixtures.taskChange(DAG, "run_2", "publish", 1, 1, TaskState.RUNNING,
                TaskState.SUCCESS, AT.plus(Duration.ofDays(1))));
        inEngineTransaction(AlertFixtures.taskChange(DAG, "run_3", "publish", 1, 1, TaskState.RUNNING,
                TaskState.SUCCESS, AT.plus(Duration.ofDays(2))));

        assertThat(alerts()).extracting(AlertView::event).containsExactly(FAILURE, RECOVERY, SUCCESS);
        assertThat(summaries()).containsExactly(
                "nightly_dataload.publish [2018-05-14] has failed!",
                "nightly_dataload.publish [2018-05-14] has recovered and is complete",
                "nightly_dataload.publish [2018-05-14] is complete");
    }

    @Test
    void a_success_after_a_retry_in_the_same_run_is_a_recovery() {
        rules.register(DAG, AlertPolicy.task("publish", RETRY, RECOVERY));
        inEngineTransaction(AlertFixtures.retried("publish", 1, 3, AT));
        inEngineTransaction(AlertFixtures.succeeded("publish", 2, 3, AT.plusSeconds(60)));

        assertThat(summaries()).containsExactly(
                "nightly_dataload.publish [2018-05-14] has retried (1/3 attempts)",
                "nightly_dataload.publish [2018-05-14] has recovered and is complete");
    }

    @Test
    void a_run_failure_alerts_and_a_run_success_only_when_asked() {
        engineTx.executeWithoutResult(s -> {
            listener.onDagRunStateChange(AlertFixtures.runChange(DAG, RUN, LOGICAL_DATE, DagRunState.RUNNING,
                    DagRunState.FAILED, AT));
            listener.onDagRunStateChange(AlertFixtures.runChange(DAG, "run_2", LOGICAL_DATE, DagRunState.RUNNING,
                    DagRunState.SUCCESS, AT));
        });
        assertThat(summaries()).containsExactly("nightly_dataload [2018-05-14] has failed!");
        assertThat(alerts()).allSatisfy(a -> assertThat(a.taskId()).isNull());
    }

    @Test
    void a_mapped_task_is_named_with_its_index() {
        inEngineTransaction(new TaskStateChange(DAG, RUN, LOGICAL_DATE, "load_symbol", 3, 1, 1, TaskState.RUNNING,
                TaskState.FAILED, AT, null, null));
        assertThat(summaries()).containsExactly("nightly_dataload.load_symbol[3] [2018-05-14] has failed!");
        assertThat(alerts().get(0).mapIndex()).isEqualTo(3);
    }

    @Test
    void a_session_run_is_labelled_with_its_session() {
        runDates = (dag, run, logicalDate) -> new RunDates(logicalDate,
                DataInterval.between(logicalDate, logicalDate.plus(Duration.ofDays(1))), LocalDate.of(2018, 5, 15));
        inEngineTransaction(AlertFixtures.failed("ingest", 1, 1, AT));
        assertThat(summaries()).containsExactly("nightly_dataload.ingest [2018-05-15] has failed!");
    }

    @Test
    void the_sender_is_signalled_once_the_transaction_commits() throws InterruptedException {
        engineTx.executeWithoutResult(status -> {
            listener.onTaskStateChange(AlertFixtures.failed("ingest", 1, 1, AT));
            status.setRollbackOnly();
        });
        assertThat(signal.await(Duration.ZERO)).as("no signal for a rolled-back transaction").isFalse();
        inEngineTransaction(AlertFixtures.failed("ingest", 1, 1, AT));
        assertThat(signal.await(Duration.ZERO)).isTrue();
    }
}
