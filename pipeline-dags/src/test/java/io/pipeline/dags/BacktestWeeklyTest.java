package io.pipeline.dags;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dags.marketdata.MarketDataDatasets;
import io.pipeline.engine.DatasetService;
import io.pipeline.engine.NodeRegistry;
import io.pipeline.engine.WhyNotRunning;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code backtest} on complete weeks of {@code bars_1d}, through the real engine: {@code bars_1d} events arrive as
 * an external system (or {@code daily_bars}) reports them; the week's run waits while one session of the week has no
 * event and runs once the week is complete. Holidays are no sessions: Thanksgiving week is complete without the
 * Thursday, Christmas week 2026 ends on Thursday 24 December.
 */
class BacktestWeeklyTest {

    private static final String BARS = MarketDataDatasets.BARS_1D.uri();

    static HikariDataSource ds;
    static EngineTestDriver driver;
    static DatasetService datasets;

    @BeforeAll
    static void engine() throws Exception {
        ds = TestDatabase.migratedDatabase(BacktestWeeklyTest.class);
        driver = EngineTestDriver.create(ds, SettableClock.at("2026-12-31T00:00:00Z"), new BacktestDag().define());
        ObjectStore store = LocalObjectStore.underDataDir(Files.createTempDirectory("backtest-weekly"));
        driver.resources().register(ObjectStore.class, store)
                .register(ConnectionRegistry.class, ConnectionRegistry.empty())
                .register(DataSource.class, ds);
        datasets = driver.datasets();
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void the_run_of_a_week_waits_for_its_missing_session_and_runs_once_the_week_is_complete() throws Exception {
        // Thanksgiving week: sessions 23, 24, 25 and 27 November (26 is a holiday); 25 is not in yet.
        for (String key : List.of("2026-11-23", "2026-11-24", "2026-11-27")) {
            datasets.report(BARS, key, null);
        }
        driver.settle();

        DagRunRow week = onlyRunOfWeek("2026-11-23", "2026-11-27");
        assertThat(week.partitionKey()).as("the week's last session").isEqualTo("2026-11-27");
        assertThat(week.state()).isEqualTo(DagRunState.QUEUED);
        assertThat(driver.state(week, "prepare_history")).isNotEqualTo(TaskState.SUCCESS)
                .isNotEqualTo(TaskState.RUNNING);
        WhyNotRunning why = new WhyNotRunning(driver.registry(),
                new NodeRegistry(driver.parts().stores().nodes(), driver.clock(), Duration.ofHours(1)),
                driver.parts().stores(), driver.clock());
        assertThat(why.explain(week, driver.ti(week, "prepare_history", -1)).blockers()).singleElement()
                .isInstanceOfSatisfying(WhyNotRunning.WaitingForPartitions.class, w -> assertThat(w.missing())
                        .extracting(Object::toString).containsExactly(BARS + "[2026-11-25]"));

        datasets.report(BARS, "2026-11-25", null);
        driver.settle();

        assertThat(driver.runState("backtest", week.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(onlyRunOfWeek("2026-11-23", "2026-11-27").runId()).isEqualTo(week.runId());
        assertThat(QueryText.of(ds, "SELECT count(*), min(end_date), max(end_date) FROM backtest_result"
                + " WHERE run_id = '" + week.runId() + "'")).as("five tickers, the window ending on the week's key")
                .isEqualTo("5|2026-11-27|2026-11-27\n");
        assertThat(driver.parts().stores().datasetQueries().upstreamEvents("backtest", week.runId()))
                .extracting(e -> e.partitionKey()).containsExactlyInAnyOrder("2026-11-23", "2026-11-24",
                        "2026-11-25", "2026-11-27");

        // A second event for a session of a week that ran does not run the week again.
        datasets.report(BARS, "2026-11-24", null);
        driver.settle();
        assertThat(onlyRunOfWeek("2026-11-23", "2026-11-27").runId()).isEqualTo(week.runId());
    }

    @Test
    void a_week_whose_friday_is_a_holiday_runs_on_its_thursday() {
        for (String key : List.of("2026-12-21", "2026-12-22", "2026-12-23")) {
            datasets.report(BARS, key, null);
        }
        driver.settle();
        DagRunRow week = onlyRunOfWeek("2026-12-21", "2026-12-25");
        assertThat(week.partitionKey()).isEqualTo("2026-12-24");
        assertThat(week.state()).isEqualTo(DagRunState.QUEUED);

        datasets.report(BARS, "2026-12-24", null);
        driver.settle();

        assertThat(driver.runState("backtest", week.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(week.logicalDate()).isEqualTo(Instant.parse("2026-12-24T05:00:00Z"));
    }

    @Test
    void triggered_by_hand_without_a_partition_key_it_runs_at_once() {
        DagRunRow run = driver.runs().trigger("backtest", "bt_by_hand", Instant.parse("2026-12-30T22:00:00Z"),
                Map.of("short_window", 5, "long_window", 20, "lookback_sessions", 40, "end", "2026-10-30"), null);
        driver.settle();

        assertThat(run.partitionKey()).isNull();
        assertThat(driver.runState("backtest", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    /** The one backtest run whose key falls in the week {@code monday..friday}. */
    private static DagRunRow onlyRunOfWeek(String monday, String friday) {
        List<DagRunRow> inWeek = driver.runs().list("backtest", null, 100, 0, null).items().stream()
                .filter(r -> r.partitionKey() != null && r.partitionKey().compareTo(monday) >= 0
                        && r.partitionKey().compareTo(friday) <= 0).toList();
        assertThat(inWeek).as("backtest runs of the week of " + monday).hasSize(1);
        return inWeek.getFirst();
    }
}
