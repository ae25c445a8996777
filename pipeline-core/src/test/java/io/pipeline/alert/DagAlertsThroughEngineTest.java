package io.pipeline.alert;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.alert.deadline.DagRunTableDates;
import io.pipeline.alert.deadline.DeadlineChecker;
import io.pipeline.alert.deadline.DeadlineTracker;
import io.pipeline.calendar.Calendars;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.alert.Deadline;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.time.Duration;
import java.util.List;

import static io.pipeline.dag.alert.AlertEvent.DEADLINE_MISSED;
import static io.pipeline.dag.alert.AlertEvent.FAILURE;
import static io.pipeline.dag.alert.AlertEvent.RETRY;
import static io.pipeline.dag.alert.AlertEvent.RUN_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policies declared with the DAG DSL, registered the way the application registers them
 * ({@code rules.register(dag.dagId(), dag.alertPolicies())}), produce outbox rows when the real engine runs the DAG.
 */
class DagAlertsThroughEngineTest {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migratedDatabase(DagAlertsThroughEngineTest.class);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    /** The alert side of the application, over one set of rules. */
    private record Alerts(AlertRules rules, OutboxAlertListener listener, DeadlineChecker checker,
                          AlertQueries queries, SimpleMeterRegistry meters) {
        static Alerts with(AlertRules rules, SettableClock clock) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            AlertMetrics metrics = new AlertMetrics(meters);
            AlertSignal signal = new AlertSignal();
            AlertComposer composer = new AlertComposer(DashboardLinks.none());
            AlertWriter writer = new AlertWriter(dataSource, rules, signal);
            DeadlineTracker tracker = new DeadlineTracker(dataSource, rules, Calendars::get, composer, writer, metrics);
            OutboxAlertListener listener = new OutboxAlertListener(dataSource, rules, composer, writer, tracker,
                    new DagRunTableDates(dataSource));
            DeadlineChecker checker = new DeadlineChecker(dataSource, new DataSourceTransactionManager(dataSource),
                    rules, composer, writer, metrics, clock);
            return new Alerts(rules, listener, checker, new AlertQueries(dataSource, clock, signal), meters);
        }

        EngineTestDriver driver(SettableClock clock, Dag dag) {
            rules.register(dag.dagId(), dag.alertPolicies());
            return EngineTestDriver.withListeners(dataSource, clock, List.of(listener), dag);
        }

        List<AlertView> of(String dagId) {
            return queries.list(AlertView.Filter.all().withRun(dagId, null), 100, 0).alerts().reversed();
        }
    }

    private static Dag failingTwice(String dagId, AlertPolicy... policies) {
        return DagBuilder.dag(dagId)
                .alerts(policies)
                .tasks(g -> g.task("ingest_fundamentals", ctx -> {
                    throw new IllegalStateException("vendor file is empty");
                }).retries(1).retryDelay(Duration.ofMinutes(5)))
                .build();
    }

    @Test
    void a_dag_with_a_retry_and_failure_policy_writes_a_retry_then_a_failure_alert_as_the_engine_runs_it() {
        SettableClock clock = SettableClock.at("2026-03-09T13:30:00Z");
        Alerts alerts = Alerts.with(new AlertRules(List.of("slack")), clock);
        EngineTestDriver d = alerts.driver(clock, failingTwice("dsl_failing", AlertPolicy.dag(RETRY, FAILURE)
                .channel("#data")));

        DagRunRow run = d.trigger("dsl_failing");
        d.settle();
        assertThat(alerts.of("dsl_failing")).extracting(AlertView::event).containsExactly(RETRY);
        d.advance(Duration.ofMinutes(5));
        d.settle();

        assertThat(d.runState("dsl_failing", run.runId())).isEqualTo(DagRunState.FAILED);
        List<AlertView> rows = alerts.of("dsl_failing");
        assertThat(rows).extracting(AlertView::event).containsExactly(RETRY, FAILURE);
        assertThat(rows).allSatisfy(a -> {
            assertThat(a.runId()).isEqualTo(run.runId());
            assertThat(a.taskId()).isEqualTo("ingest_fundamentals");
            assertThat(a.notifier()).isEqualTo("slack");
            assertThat(a.channel()).isEqualTo("#data");
            assertThat(a.state()).isEqualTo(AlertState.PENDING);
        });
        assertThat(rows.get(0).summary()).contains("dsl_failing.ingest_fundamentals").contains("retried (1/2");
        assertThat(rows.get(1).summary()).contains("has failed");
    }

    @Test
    void a_when_configured_policy_writes_nothing_while_its_notifier_is_not_set_up() {
        SettableClock clock = SettableClock.at("2026-03-09T13:30:00Z");
        Alerts alerts = Alerts.with(new AlertRules(List.of("slack"), List.of()), clock);
        EngineTestDriver d = alerts.driver(clock, failingTwice("dsl_unconfigured",
                AlertPolicy.dag(RETRY, FAILURE).whenConfigured()));

        d.trigger("dsl_unconfigured");
        d.settle();
        d.advance(Duration.ofMinutes(5));
        d.settle();

        assertThat(alerts.of("dsl_unconfigured")).isEmpty();
    }

    @Test
    void a_when_configured_policy_alerts_through_the_notifiers_that_are_set_up() {
        SettableClock clock = SettableClock.at("2026-03-09T13:30:00Z");
        Alerts alerts = Alerts.with(new AlertRules(List.of("slack", "webhook"), List.of("webhook")), clock);
        EngineTestDriver d = alerts.driver(clock, failingTwice("dsl_configured",
                AlertPolicy.dag(FAILURE).whenConfigured()));

        d.trigger("dsl_configured");
        d.settle();
        d.advance(Duration.ofMinutes(5));
        d.settle();

        assertThat(alerts.of("dsl_configured")).extracting(AlertView::event, AlertView::notifier)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FAILURE, "webhook"));
    }

    @Test
    void a_deadline_declared_in_the_dsl_is_armed_by_the_engines_run_and_raised_by_the_checker() {
        SettableClock clock = SettableClock.at("2026-03-09T13:30:00Z");
        Alerts alerts = Alerts.with(new AlertRules(List.of("slack")), clock);
        Dag dag = DagBuilder.dag("dsl_deadline")
                .alerts(AlertPolicy.dag(RUN_FAILURE).deadline(Deadline.afterIntervalEnd(Duration.ofMinutes(10))))
                .tasks(g -> g.task("slow_load", ctx -> {
                    throw new IllegalStateException("bar store timed out");
                }).retries(1).retryDelay(Duration.ofMinutes(30)))
                .build();
        EngineTestDriver d = alerts.driver(clock, dag);

        d.trigger("dsl_deadline");
        d.settle();
        d.advance(Duration.ofMinutes(9));
        assertThat(alerts.checker().check()).isZero();
        d.advance(Duration.ofMinutes(2));
        int raised = alerts.checker().check();

        assertThat(raised).isEqualTo(1);
        assertThat(alerts.of("dsl_deadline")).extracting(AlertView::event).containsExactly(DEADLINE_MISSED);
        assertThat(alerts.meters().find("pipeline.alerts.deadline.misses").tag("dag", "dsl_deadline").counter()
                .count()).isEqualTo(1.0);
    }
}
