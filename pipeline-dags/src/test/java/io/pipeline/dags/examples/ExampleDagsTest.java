package io.pipeline.dags.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.dag.DagBag;
import io.pipeline.dag.TaskKind;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example DAGs load cleanly and run offline on the real engine, driven step by step with a settable clock. */
class ExampleDagsTest {

    private static HikariDataSource db;

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(ExampleDagsTest.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static final DagBag BAG = DagBag.fromClasses(List.of(
            ExampleTradingDay.class, ExampleCloseSensor.class, ExampleHello.class, StressFanout.class,
            ExampleTaskGroups.class, ExampleDatasetProducer.class, ExampleDatasetConsumer.class));

    @Test
    void every_example_loads_without_import_errors() {
        assertThat(BAG.importErrors()).isEmpty();
        assertThat(BAG.dags()).containsOnlyKeys("example_trading_day", "example_close_sensor", "example_hello",
                "stress_fanout", "example_task_groups", "example_dataset_producer", "example_dataset_consumer");
        var day = BAG.dag("example_trading_day");
        assertThat(day.task("choose_source").kind()).isEqualTo(TaskKind.BRANCH);
        assertThat(day.task("fetch_prices").isMapped()).isTrue();
        assertThat(day.task("load_bars").retryPolicy().retries()).isEqualTo(1);
        assertThat(day.task("load_bars").retryPolicy().delay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void example_trading_day_branches_fans_out_and_succeeds_on_the_retry_after_two_seconds() {
        SettableClock clock = SettableClock.at("2026-03-03T23:45:00Z");
        EngineTestDriver engine = EngineTestDriver.create(db, clock, BAG.dag("example_trading_day"));
        DagRunRow run = engine.trigger("example_trading_day", "primary_run", Map.of());

        engine.settle();
        assertThat(engine.state(run, "fetch_backup")).isEqualTo(TaskState.SKIPPED);
        for (int i = 0; i < ExampleTradingDay.SYMBOLS.size(); i++) {
            assertThat(engine.state(run, "fetch_prices", i)).isEqualTo(TaskState.SUCCESS);
        }
        assertThat(engine.state(run, "load_bars")).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(engine.log(run, "load_bars", -1, 1)).contains("bar store timed out");

        clock.advance(Duration.ofSeconds(1));
        engine.settle();
        assertThat(engine.state(run, "load_bars")).as("retry delay not over").isEqualTo(TaskState.UP_FOR_RETRY);

        clock.advance(Duration.ofSeconds(1));
        engine.settle();
        assertThat(engine.state(run, "load_bars")).isEqualTo(TaskState.SUCCESS);
        assertThat(engine.ti(run, "load_bars", -1).tryNumber()).isEqualTo(2);
        assertThat(engine.state(run, "report")).isEqualTo(TaskState.SUCCESS);
        assertThat(engine.runState("example_trading_day", "primary_run")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void example_trading_day_takes_the_backup_branch_when_asked() {
        SettableClock clock = SettableClock.at("2026-03-04T23:45:00Z");
        EngineTestDriver engine = EngineTestDriver.create(db, clock, BAG.dag("example_trading_day"));
        DagRunRow run = engine.trigger("example_trading_day", "backup_run", Map.of("source", "backup"));

        engine.settle();
        clock.advance(Duration.ofSeconds(2));
        engine.settle();

        assertThat(engine.state(run, "fetch_backup")).isEqualTo(TaskState.SUCCESS);
        assertThat(engine.state(run, "report")).isEqualTo(TaskState.SUCCESS);
        assertThat(engine.runState("example_trading_day", "backup_run")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void example_close_sensor_waits_for_the_london_close_without_holding_a_worker() {
        SettableClock clock = SettableClock.at("2026-03-02T09:00:00Z");
        EngineTestDriver engine = EngineTestDriver.create(db, clock, BAG.dag("example_close_sensor"));
        DagRunRow run = engine.trigger("example_close_sensor", "monday", Map.of());

        engine.settle();
        assertThat(engine.state(run, "wait_for_close")).isEqualTo(TaskState.DEFERRED);

        clock.set(Instant.parse("2026-03-02T16:36:00Z"));
        engine.settle();

        assertThat(engine.state(run, "publish")).isEqualTo(TaskState.SUCCESS);
        assertThat(engine.runState("example_close_sensor", "monday")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void example_close_sensor_skips_everything_on_a_day_without_a_session() {
        SettableClock clock = SettableClock.at("2026-03-07T09:00:00Z"); // a Saturday
        EngineTestDriver engine = EngineTestDriver.create(db, clock, BAG.dag("example_close_sensor"));
        DagRunRow run = engine.trigger("example_close_sensor", "saturday", Map.of());

        engine.settle();

        assertThat(engine.state(run, "wait_for_close")).isEqualTo(TaskState.SKIPPED);
        assertThat(engine.state(run, "publish")).isEqualTo(TaskState.SKIPPED);
        assertThat(engine.runState("example_close_sensor", "saturday")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void example_dataset_producer_starts_the_consumers_run_of_its_session() {
        SettableClock clock = SettableClock.at("2026-03-03T22:00:00Z");
        EngineTestDriver engine = EngineTestDriver.create(db, clock, BAG.dag("example_dataset_producer"),
                BAG.dag("example_dataset_consumer"));
        engine.runs().trigger("example_dataset_producer", "published", Instant.parse("2026-03-03T21:30:00Z"),
                Map.of(), null);

        engine.settle();

        assertThat(engine.runState("example_dataset_producer", "published")).isEqualTo(DagRunState.SUCCESS);
        DagRunRow consumer = engine.runs().list("example_dataset_consumer", null, 10, 0, null).items().getFirst();
        assertThat(consumer.partitionKey()).isEqualTo("2026-03-03");
        assertThat(consumer.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(engine.log(consumer, "use_prices", -1, 1)).contains("prices of session 2026-03-03 are in");
    }

    @Test
    void example_hello_passes_a_value_downstream() {
        SettableClock clock = SettableClock.at("2026-03-02T15:00:00Z");
        EngineTestDriver engine = EngineTestDriver.create(db, clock, BAG.dag("example_hello"));
        DagRunRow run = engine.trigger("example_hello", "hello", Map.of());

        engine.settle();

        assertThat(engine.log(run, "echo", -1, 1)).contains("upstream said: hello from hello");
        assertThat(engine.runState("example_hello", "hello")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void example_task_groups_runs_its_prefixed_tasks_as_plain_tasks_with_the_groups_retries() {
        var dag = BAG.dag("example_task_groups");
        assertThat(dag.taskGroups().tasksIn("load")).containsExactly("load.bars", "load.checks.row_count",
                "load.checks.no_gaps");
        assertThat(dag.task("load.checks.row_count").retryPolicy().retries()).as("the load group's default")
                .isEqualTo(2);
        assertThat(dag.task("extract.prices").retryPolicy().retries()).isZero();
        SettableClock clock = SettableClock.at("2026-03-02T23:45:00Z");
        EngineTestDriver engine = EngineTestDriver.create(db, clock, dag);
        DagRunRow run = engine.trigger("example_task_groups", "grouped", Map.of());

        engine.settle();

        assertThat(engine.log(run, "load.checks.row_count", -1, 1)).contains("3 rows loaded, 3 expected");
        assertThat(engine.state(run, "report")).isEqualTo(TaskState.SUCCESS);
        assertThat(engine.runState("example_task_groups", "grouped")).isEqualTo(DagRunState.SUCCESS);
    }
}
