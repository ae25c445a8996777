package io.pipeline.alert.deadline;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.alert.AlertComposer;
import io.pipeline.alert.AlertFixtures;
import io.pipeline.alert.AlertMetrics;
import io.pipeline.alert.AlertQueries;
import io.pipeline.alert.AlertRules;
import io.pipeline.alert.AlertSignal;
import io.pipeline.alert.AlertView;
import io.pipeline.alert.AlertWriter;
import io.pipeline.alert.DashboardLinks;
import io.pipeline.alert.OutboxAlertListener;
import io.pipeline.calendar.Calendars;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.alert.Deadline;
import io.pipeline.dag.alert.RunDates;
import io.pipeline.schedule.DataInterval;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.pipeline.dag.alert.AlertEvent.DEADLINE_FINISHED_LATE;
import static io.pipeline.dag.alert.AlertEvent.DEADLINE_MISSED;
import static org.assertj.core.api.Assertions.assertThat;

/** Deadlines end to end against PostgreSQL: armed by the listener, raised by the checker, followed up on success. */
class DeadlineCheckerTest {

    private static final String DAG = "close_prices";
    private static final String RUN = "scheduled__2024-03-10";
    private static final Instant LOGICAL = Instant.parse("2024-03-10T00:00:00Z");

    private static HikariDataSource dataSource;
    private static DataSourceTransactionManager transactions;

    private SettableClock clock;
    private SimpleMeterRegistry registry;
    private AlertRules rules;
    private RunDatesResolver runDates;
    private OutboxAlertListener listener;
    private DeadlineChecker checker;
    private DeadlineStore store;
    private AlertQueries queries;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migratedDatabase(DeadlineCheckerTest.class);
        transactions = new DataSourceTransactionManager(dataSource);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void setUp() {
        JdbcClient.create(dataSource).sql("TRUNCATE alert_outbox, deadline_watch, deadline_miss CASCADE").update();
        clock = SettableClock.at("2024-03-10T05:00:00Z");
        registry = new SimpleMeterRegistry();
        rules = new AlertRules(List.of("slack"));
        runDates = RunDatesResolver.logicalDateOnly();
        AlertMetrics metrics = new AlertMetrics(registry);
        AlertComposer composer = new AlertComposer(DashboardLinks.none());
        AlertSignal signal = new AlertSignal();
        AlertWriter writer = new AlertWriter(dataSource, rules, signal);
        DeadlineTracker tracker = new DeadlineTracker(dataSource, rules, Calendars::get, composer, writer, metrics);
        listener = new OutboxAlertListener(dataSource, rules, composer, writer, tracker,
                (dag, run, logicalDate) -> runDates.resolve(dag, run, logicalDate));
        checker = new DeadlineChecker(dataSource, transactions, rules, composer, writer, metrics, clock);
        store = new DeadlineStore(dataSource);
        queries = new AlertQueries(dataSource, clock, signal);
    }

    private void run(String run, Instant logicalDate, DagRunState from, DagRunState to) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> listener.onDagRunStateChange(
                AlertFixtures.runChange(DAG, run, logicalDate, from, to, clock.instant())));
    }

    private void startRun() {
        run(RUN, LOGICAL, null, DagRunState.QUEUED);
        run(RUN, LOGICAL, DagRunState.QUEUED, DagRunState.RUNNING);
    }

    private void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    private List<AlertView> alerts() {
        return queries.list(AlertView.Filter.all(), 100, 0).alerts().reversed();
    }

    private double misses() {
        var c = registry.find("pipeline.alerts.deadline.misses").tag("dag", DAG).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void a_run_not_done_by_a_wall_clock_deadline_skipped_by_spring_forward_raises_one_miss() {
        rules.register(DAG, AlertPolicy.dag().deadline(Deadline.by("02:30", "America/New_York")));
        startRun();

        at("2024-03-10T07:29:59Z");
        assertThat(checker.check()).isZero();
        at("2024-03-10T07:31:00Z");
        assertThat(checker.check()).isEqualTo(1);
        assertThat(checker.check()).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(checker.check()).isZero();

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.event()).isEqualTo(DEADLINE_MISSED);
            assertThat(a.summary()).isEqualTo("close_prices [2024-03-10] missed its deadline: not succeeded by "
                    + "2024-03-10 03:30 EDT (by 02:30 America/New_York)");
        });
        assertThat(store.missesOfRun(DAG, RUN)).singleElement().satisfies(m -> {
            assertThat(m.dueAt()).isEqualTo("2024-03-10T07:30:00Z");
            assertThat(m.detectedAt()).isEqualTo("2024-03-10T07:31:00Z");
            assertThat(m.taskId()).isNull();
            assertThat(m.succeededAt()).isNull();
        });
        assertThat(misses()).isEqualTo(1);
    }

    @Test
    void a_deadline_after_the_session_close_follows_new_york_time_after_the_dst_change() {
        rules.register(DAG, AlertPolicy.dag().deadline(Deadline.afterSessionClose(Duration.ofMinutes(30), "XNYS")));
        at("2024-03-11T13:00:00Z");
        run("scheduled__2024-03-11", Instant.parse("2024-03-11T00:00:00Z"), null, DagRunState.RUNNING);

        // The close is 16:00 EDT = 20:00Z this Monday (it was 21:00Z on Friday, before the change).
        at("2024-03-11T20:29:00Z");
        assertThat(checker.check()).isZero();
        at("2024-03-11T20:31:00Z");
        assertThat(checker.check()).isEqualTo(1);
        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.summary())
                .isEqualTo("close_prices [2024-03-11] missed its deadline: not succeeded by 2024-03-11 16:30 EDT "
                        + "(within 30m after the XNYS close)"));
    }

    @Test
    void a_run_that_finishes_after_its_miss_says_by_how_much_it_was_late() {
        rules.register(DAG, AlertPolicy.dag().deadline(Deadline.by("02:30", "America/New_York")));
        startRun();
        at("2024-03-10T07:31:00Z");
        checker.check();

        at("2024-03-10T08:12:00Z");
        run(RUN, LOGICAL, DagRunState.RUNNING, DagRunState.SUCCESS);

        assertThat(alerts()).extracting(AlertView::event).containsExactly(DEADLINE_MISSED, DEADLINE_FINISHED_LATE);
        assertThat(alerts().get(1).summary()).isEqualTo("close_prices [2024-03-10] succeeded 42m after its deadline "
                + "of 2024-03-10 03:30 EDT (by 02:30 America/New_York)");
        assertThat(store.missesOfRun(DAG, RUN)).singleElement().satisfies(m -> {
            assertThat(m.succeededAt()).isEqualTo("2024-03-10T08:12:00Z");
            assertThat(m.lateBy()).isEqualTo(Duration.ofMinutes(42));
        });
        assertThat(checker.check()).isZero();
        assertThat(misses()).isEqualTo(1);
    }

    @Test
    void a_run_that_succeeds_in_time_never_misses() {
        rules.register(DAG, AlertPolicy.dag().deadline(Deadline.by("02:30", "America/New_York")));
        startRun();
        at("2024-03-10T07:00:00Z");
        run(RUN, LOGICAL, DagRunState.RUNNING, DagRunState.SUCCESS);

        at("2024-03-10T09:00:00Z");
        assertThat(checker.check()).isZero();
        assertThat(alerts()).isEmpty();
        assertThat(store.missesOfRun(DAG, RUN)).isEmpty();
    }

    @Test
    void a_late_success_before_the_checker_noticed_raises_the_miss_once_with_the_lateness() {
        rules.register(DAG, AlertPolicy.dag().deadline(Deadline.by("02:30", "America/New_York")));
        startRun();
        at("2024-03-10T07:35:00Z");
        run(RUN, LOGICAL, DagRunState.RUNNING, DagRunState.SUCCESS);
        assertThat(checker.check()).isZero();

        assertThat(alerts()).extracting(AlertView::event).containsExactly(DEADLINE_FINISHED_LATE);
        assertThat(store.missesOfRun(DAG, RUN)).singleElement()
                .satisfies(m -> assertThat(m.lateBy()).isEqualTo(Duration.ofMinutes(5)));
        assertThat(misses()).isEqualTo(1);
    }

    @Test
    void a_failed_run_past_its_deadline_is_a_miss() {
        rules.register(DAG, AlertPolicy.dag(AlertEvent.RUN_FAILURE).deadline(Deadline.by("02:30", "America/New_York")));
        startRun();
        at("2024-03-10T06:00:00Z");
        run(RUN, LOGICAL, DagRunState.RUNNING, DagRunState.FAILED);
        at("2024-03-10T07:31:00Z");
        assertThat(checker.check()).isEqualTo(1);
        assertThat(alerts()).extracting(AlertView::event).containsExactly(AlertEvent.RUN_FAILURE, DEADLINE_MISSED);
    }

    @Test
    void a_task_deadline_watches_the_task_and_names_it() {
        rules.register(DAG, AlertPolicy.task("publish").deadline(Deadline.by("02:30", "America/New_York")));
        startRun();
        at("2024-03-10T07:35:00Z");
        new TransactionTemplate(transactions).executeWithoutResult(s -> listener.onTaskStateChange(
                AlertFixtures.taskChange(DAG, RUN, "publish", 1, 1, TaskState.RUNNING, TaskState.SUCCESS,
                        clock.instant())));

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.taskId()).isEqualTo("publish");
            assertThat(a.summary()).startsWith("close_prices.publish [2024-03-10] succeeded 5m after its deadline");
        });
        assertThat(store.missesOfRun(DAG, RUN)).extracting(DeadlineMiss::taskId).containsExactly("publish");
    }

    @Test
    void a_deadline_after_the_data_interval_uses_the_runs_interval() {
        runDates = (dag, run, logicalDate) -> new RunDates(logicalDate,
                DataInterval.between(logicalDate, Instant.parse("2024-03-10T21:00:00Z")), null);
        rules.register(DAG, AlertPolicy.dag().deadline(Deadline.afterIntervalEnd(Duration.ofHours(2))));
        startRun();
        at("2024-03-10T22:59:00Z");
        assertThat(checker.check()).isZero();
        at("2024-03-10T23:00:00Z");
        assertThat(checker.check()).isEqualTo(1);
    }

    @Test
    void a_deadline_that_cannot_be_computed_does_not_stop_the_run() {
        rules.register(DAG, AlertPolicy.dag().deadline(Deadline.afterSessionClose(Duration.ofMinutes(30), "NOPE")));
        startRun();
        at("2024-03-12T00:00:00Z");
        assertThat(checker.check()).isZero();
        assertThat(alerts()).isEmpty();
    }

    @Test
    void two_checkers_raise_a_miss_only_once() {
        rules.register(DAG, AlertPolicy.dag().deadline(Deadline.by("02:30", "America/New_York")));
        startRun();
        at("2024-03-10T07:31:00Z");
        AlertWriter writer = new AlertWriter(dataSource, rules, new AlertSignal());
        DeadlineChecker other = new DeadlineChecker(dataSource, transactions, rules,
                new AlertComposer(DashboardLinks.none()), writer, new AlertMetrics(new SimpleMeterRegistry()), clock);
        assertThat(checker.check() + other.check()).isEqualTo(1);
        assertThat(alerts()).hasSize(1);
    }
}
