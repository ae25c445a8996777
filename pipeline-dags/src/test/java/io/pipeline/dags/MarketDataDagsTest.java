package io.pipeline.dags;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dags.marketdata.BarCsv;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each market-data DAG end to end through the real engine (driven step by step), offline: no connections, so the
 * simulated provider, the local object store, a simulated vendor drop and the outbox for queue messages. The clock
 * starts before the DAGs' start dates so that only the runs a test triggers exist until a test moves it on.
 */
class MarketDataDagsTest {

    static HikariDataSource ds;
    static EngineTestDriver driver;
    static ObjectStore store;
    static Path dataDir;

    @BeforeAll
    static void engine() throws Exception {
        dataDir = Files.createTempDirectory("md-dags");
        ds = TestDatabase.migratedDatabase(MarketDataDagsTest.class);
        driver = EngineTestDriver.create(ds, SettableClock.at("2024-12-02T00:00:00Z"),
                new DailyBars().define(), new IntradayPrices().define(), new NightlyDataload().define(),
                new RiskModels().define(), new BacktestDag().define());
        store = LocalObjectStore.underDataDir(dataDir);
        driver.resources().register(ObjectStore.class, store)
                .register(ConnectionRegistry.class, ConnectionRegistry.empty())
                .register(DataSource.class, ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    private DagRunRow trigger(String dagId, String runId, String logicalDate, Map<String, Object> conf) {
        return driver.runs().trigger(dagId, runId, Instant.parse(logicalDate), conf, null);
    }

    @Test
    void daily_bars_loads_simulated_end_of_day_bars_and_a_rerun_gives_the_same_table() throws Exception {
        DagRunRow run = trigger("daily_bars", "daily_1", "2026-11-18T21:30:00Z", Map.of());
        driver.settle();

        assertThat(driver.runState("daily_bars", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(store.getString("raw/eod/2026-11-18.csv")).startsWith(BarCsv.DAILY_HEADER);
        String table = query("SELECT symbol, session_date, close, volume, source FROM bars_1d WHERE session_date = '2026-11-18' ORDER BY symbol");
        assertThat(table.lines()).hasSize(5).allMatch(l -> l.endsWith("|simulated"));
        assertThat(query("SELECT count(*) FROM dq_result WHERE run_id = 'daily_1' AND NOT passed AND severity = 'fail'")).isEqualTo("0\n");
        assertThat(driver.log(run, "quality_checks", -1, 1)).contains("quality check ohlc_inconsistent: 5 passed");

        DagRunRow again = trigger("daily_bars", "daily_1_again", "2026-11-18T21:31:00Z", Map.of());
        driver.settle();
        assertThat(driver.runState("daily_bars", again.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(query("SELECT symbol, session_date, close, volume, source FROM bars_1d WHERE session_date = '2026-11-18' ORDER BY symbol"))
                .isEqualTo(table);
    }

    @Test
    void intraday_prices_fans_out_per_ticker_writes_raw_csv_per_session_and_loads_bars_1m() throws Exception {
        DagRunRow run = trigger("intraday_prices", "intraday_1", "2026-11-20T21:30:00Z", Map.of("sessions", 3));
        driver.settle();

        assertThat(driver.runState("intraday_prices", run.runId())).isEqualTo(DagRunState.SUCCESS);
        for (int i = 0; i < 5; i++) {
            assertThat(driver.state(run, "fetch_bars", i)).isEqualTo(TaskState.SUCCESS);
        }
        assertThat(driver.ti(run, "fetch_bars", 0).pool()).isEqualTo("market_data_provider");
        assertThat(store.list("raw/2026-11-20/")).containsExactly("raw/2026-11-20/AAPL.csv", "raw/2026-11-20/JPM.csv",
                "raw/2026-11-20/KO.csv", "raw/2026-11-20/MSFT.csv", "raw/2026-11-20/XOM.csv");
        assertThat(store.list("raw/2026-11-18/")).hasSize(5);
        assertThat(query("SELECT count(*), count(DISTINCT symbol) FROM bars_1m"
                + " WHERE ts >= '2026-11-18T14:30:00Z' AND ts < '2026-11-20T21:00:00Z'")).isEqualTo((5 * 3 * 390) + "|5\n");
        assertThat(query("SELECT count(*) FROM dq_result WHERE run_id = 'intraday_1' AND check_name = 'missing_minutes'"))
                .isEqualTo("15\n");
        assertThat(driver.log(run, "quality_checks", -1, 1)).contains("quality check outside_session: 15 passed, 0 not passed");
    }

    @Test
    void daily_bars_and_nightly_dataload_of_a_session_lead_to_its_risk_models_run_which_waits_for_the_missing_input()
            throws Exception {
        DagRunRow bars = driver.runs().trigger("daily_bars", null, null, Map.of(), null, "2026-11-20");
        assertThat(bars.logicalDate()).isEqualTo(Instant.parse("2026-11-20T05:00:00Z"));
        driver.settle();
        assertThat(driver.runState("daily_bars", bars.runId())).isEqualTo(DagRunState.SUCCESS);

        // bars_1d[2026-11-20] is in, fundamentals[2026-11-20] not: the session's risk_models run exists and waits.
        DagRunRow risk = riskRun("2026-11-20");
        assertThat(risk.state()).isEqualTo(DagRunState.QUEUED);
        assertThat(risk.logicalDate()).isEqualTo(Instant.parse("2026-11-20T05:00:00Z"));
        WhyNotRunning why = new WhyNotRunning(driver.registry(),
                new NodeRegistry(driver.parts().stores().nodes(), driver.clock(), Duration.ofHours(1)),
                driver.parts().stores(), driver.clock());
        WhyNotRunning.Explanation explanation = why.explain(risk, driver.ti(risk, "daily_fundamentals", -1));
        assertThat(explanation.blockers()).singleElement().isInstanceOfSatisfying(
                WhyNotRunning.WaitingForPartitions.class, w -> assertThat(w.missing()).extracting(Object::toString)
                        .containsExactly("postgres://marketdata/public/fundamentals[2026-11-20]"));

        DagRunRow nightly = driver.runs().trigger("nightly_dataload", null, null, Map.of(), null, "2026-11-20");
        driver.settle();
        assertThat(driver.state(nightly, "is_market_day")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.state(nightly, "wait_until_9")).isEqualTo(TaskState.DEFERRED);
        assertThat(riskRun("2026-11-20").state()).isEqualTo(DagRunState.QUEUED);

        driver.clock().set(Instant.parse("2026-11-20T14:01:00Z"));
        driver.settle();

        assertThat(driver.runState("nightly_dataload", nightly.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(store.exists("vendor/fundamentals/2026-11-20/fundamentals.csv")).isTrue();
        assertThat(query("SELECT count(*) FROM fundamentals WHERE session_date = '2026-11-20'")).isEqualTo("5\n");
        assertThat(driver.runState("risk_models", risk.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(query("SELECT count(*) FROM daily_fundamentals WHERE session_date = '2026-11-20' AND market_cap > 0"))
                .isEqualTo("5\n");
        String outboxRun = risk.runId().replace(':', '_'); // the outbox keeps [A-Za-z0-9._=+-] in a key
        String sqs = store.getString("outbox/sqs/risk-metrics-jobs/risk_models/" + outboxRun
                + "/queue_risk_metrics_job.json");
        assertThat(sqs).contains("\"session\":\"2026-11-20\"").contains("vendor/fundamentals/2026-11-20/fundamentals.csv")
                .contains("\"model\":\"risk_metrics\"");
        assertThat(store.list("outbox/redis/jobs_fund_risk_model/risk_models/" + outboxRun + "/")).hasSize(1);
        assertThat(driver.parts().stores().datasetQueries().upstreamEvents("risk_models", risk.runId()))
                .extracting(e -> e.datasetUri() + "[" + e.partitionKey() + "] from " + e.sourceDagId())
                .containsExactly("postgres://marketdata/public/bars_1d[2026-11-20] from daily_bars",
                        "postgres://marketdata/public/fundamentals[2026-11-20] from nightly_dataload");
    }

    private DagRunRow riskRun(String key) {
        return driver.runs().list("risk_models", null, 100, 0, null).items().stream()
                .filter(r -> key.equals(r.partitionKey())).findFirst()
                .orElseThrow(() -> new AssertionError("no risk_models run for " + key));
    }

    @Test
    void nightly_dataload_skips_everything_after_is_market_day_on_a_holiday() {
        DagRunRow run = trigger("nightly_dataload", "nightly_thanksgiving", "2026-11-26T11:00:00Z", Map.of());
        driver.settle();

        assertThat(driver.state(run, "is_market_day")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.state(run, "wait_until_9")).isEqualTo(TaskState.SKIPPED);
        assertThat(driver.state(run, "ingest_fundamentals")).isEqualTo(TaskState.SKIPPED);
        assertThat(driver.runState("nightly_dataload", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void backtest_fills_missing_history_then_stores_results_and_a_report() throws Exception {
        DagRunRow run = trigger("backtest", "bt_1", "2026-11-20T22:00:00Z",
                Map.of("short_window", 5, "long_window", 20, "lookback_sessions", 60, "end", "2026-11-20"));
        driver.settle();

        assertThat(driver.runState("backtest", run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(query("SELECT count(*), min(days), max(long_window) FROM backtest_result WHERE run_id = 'bt_1'"))
                .isEqualTo("5|40|20\n");
        assertThat(query("SELECT count(*) FROM backtest_result WHERE run_id = 'bt_1' AND max_drawdown >= 0 AND turnover >= 0"))
                .isEqualTo("5\n");
        assertThat(store.getString("reports/backtest/bt_1.json")).contains("\"strategy\" : \"ma_crossover\"")
                .contains("\"symbol\" : \"AAPL\"");
    }

    @Test
    void a_malformed_tickers_file_fails_the_task_naming_the_rows() throws Exception {
        Path bad = dataDir.resolve("bad-tickers.csv");
        Files.writeString(bad, "symbol,exchange\nAAPL,XNAS\nNOT A SYMBOL,XNYS\nMSFT\n");
        DagRunRow run = trigger("daily_bars", "daily_bad", "2026-11-17T21:30:00Z", Map.of("tickers_file", bad.toString()));
        driver.settle();

        assertThat(driver.state(run, "fetch_eod")).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(driver.log(run, "fetch_eod", -1, 1)).contains("line 3: invalid symbol 'NOT A SYMBOL'")
                .contains("line 4: expected 2 or 3 columns").contains("2 invalid row(s), tolerance 0");
        assertThat(store.exists("raw/eod/2026-11-17.csv")).isFalse();
        driver.advance(Duration.ofHours(1));
    }

    private static String query(String sql) throws Exception {
        return QueryText.of(ds, sql);
    }
}
