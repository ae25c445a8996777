package io.pipeline.dags;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.testservers.ScriptedHttpServer;
import io.pipeline.connect.testservers.ScriptedHttpServer.Reply;
import io.pipeline.dags.marketdata.BarCsv;
import io.pipeline.dags.marketdata.BarLoader;
import io.pipeline.dags.marketdata.BarPartitions;
import io.pipeline.dags.marketdata.MarketDataDatabase;
import io.pipeline.dags.marketdata.MarketDataSettings;
import io.pipeline.dags.marketdata.Vendor;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.task.io.Sleeper;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The market-data database on a second PostgreSQL server (connection {@code market_data_db}): it is migrated from
 * its own Flyway location, every load and quality check of the market-data DAGs lands there and nothing in the
 * orchestrator's database; the bar tables are partitioned by month, the loads creating the partitions ahead; and a
 * load through each vendor whose fetch fails for one ticker leaves no row at all.
 */
class SeparateMarketDataDatabaseTest {

    static HikariDataSource engineDs;
    static EmbeddedPostgres second;
    static MarketDataDatabase market;
    static EngineTestDriver driver;
    static ObjectStore store;
    static Path dataDir;
    static final ScriptedHttpServer vendor = new ScriptedHttpServer();
    static final List<Duration> waits = new ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        dataDir = Files.createTempDirectory("md-db");
        engineDs = TestDatabase.migratedDatabase(SeparateMarketDataDatabaseTest.class);
        second = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        try (Connection c = DriverManager.getConnection(second.getJdbcUrl("postgres", "postgres"));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE marketdata");
        }
        String vendorUri = vendor.base().replace("http://", "http://VENDORKEY@") + "/";
        ConnectionRegistry connections = new ConnectionRegistry(Map.of(
                "PIPELINE_CONN_MARKET_DATA_DB", "postgresql://postgres:postgres@localhost:" + second.getPort() + "/marketdata",
                "PIPELINE_CONN_POLYGON", vendorUri,
                "PIPELINE_CONN_TIINGO", vendorUri,
                "PIPELINE_CONN_ALPHAVANTAGE", vendorUri));
        market = MarketDataDatabase.open(connections, 4).orElseThrow();
        driver = EngineTestDriver.create(engineDs, SettableClock.at("2024-12-02T00:00:00Z"), new DailyBars().define(),
                new IntradayPrices().define());
        store = LocalObjectStore.underDataDir(dataDir);
        driver.resources().register(ObjectStore.class, store)
                .register(ConnectionRegistry.class, connections)
                .register(DataSource.class, engineDs)
                .register(MarketDataDatabase.class, market)
                .register(Sleeper.class, waits::add)
                .register(MarketDataSettings.class, new MarketDataSettings(Vendor.SIMULATED));
        // the run the schedule owes at start (catchup off: the latest session), simulated, before any test's own
        driver.settle();
    }

    @AfterAll
    static void close() throws Exception {
        vendor.close();
        market.close();
        engineDs.close();
        second.close();
    }

    private DagRunRow trigger(String dagId, String runId, String logicalDate, Map<String, Object> conf) {
        return driver.runs().trigger(dagId, runId, Instant.parse(logicalDate), conf, null);
    }

    @Test
    void loads_and_checks_land_in_the_market_data_server_in_monthly_partitions_and_nothing_in_the_engines() throws Exception {
        driver.resources().register(MarketDataSettings.class, new MarketDataSettings(Vendor.SIMULATED));
        DagRunRow daily = trigger("daily_bars", "db_daily", "2026-11-18T21:30:00Z", Map.of());
        DagRunRow intraday = trigger("intraday_prices", "db_intraday", "2026-11-20T21:30:00Z", Map.of("sessions", 2));
        driver.settle();

        assertThat(driver.runState("daily_bars", daily.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(driver.runState("intraday_prices", intraday.runId())).isEqualTo(DagRunState.SUCCESS);
        String bars = market("SELECT symbol, session_date, close, source FROM bars_1d WHERE session_date = '2026-11-18' ORDER BY symbol");
        assertThat(bars.lines()).hasSize(5).allMatch(l -> l.endsWith("|simulated"));
        assertThat(market("SELECT count(*) > 0, count(DISTINCT symbol) FROM bars_1m")).isEqualTo("t|5\n");
        assertThat(market("SELECT count(DISTINCT run_id) FROM dq_result WHERE run_id IN ('db_daily', 'db_intraday')")).isEqualTo("2\n");
        for (String table : List.of("bars_1d", "bars_1m", "dq_result", "fundamentals")) {
            assertThat(engine("SELECT count(*) FROM " + table)).as(table + " in the engine's database").isEqualTo("0\n");
        }
        // the month loaded and the two ahead, partitions of partitioned tables
        assertThat(market("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'bars_1d'::regclass AND c.relname BETWEEN 'bars_1d_2026' AND 'bars_1d_2027_99'"))
                .isEqualTo("bars_1d_2026_11,bars_1d_2026_12,bars_1d_2027_01\n");
        assertThat(market("SELECT count(*) FROM ONLY bars_1m")).isEqualTo("0\n");
        assertThat(market("SELECT count(*) FROM bars_1m_2026_11")).isEqualTo(market("SELECT count(*) FROM bars_1m"));
        assertThat(market("SELECT count(*) FROM market_data_schema_history WHERE success")).isEqualTo("2\n");

        DagRunRow again = trigger("daily_bars", "db_daily_again", "2026-11-18T21:31:00Z", Map.of());
        driver.settle();
        assertThat(driver.runState("daily_bars", again.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(market("SELECT symbol, session_date, close, source FROM bars_1d WHERE session_date = '2026-11-18' ORDER BY symbol"))
                .isEqualTo(bars);
        assertThat(MarketDataDatabase.migrate(market.dataSource())).isZero();
    }

    @Test
    void a_load_through_each_vendor_is_all_or_nothing_when_one_ticker_fails() throws Exception {
        Path tickers = dataDir.resolve("two-tickers.csv");
        Files.writeString(tickers, "symbol,exchange\nAAPL,XNAS\nZZZZ,XNYS\n");
        record Case(Vendor vendor, String session, String good, Reply bad) {
        }
        List<Case> cases = List.of(
                new Case(Vendor.POLYGON, "2026-10-05", "{\"ticker\":\"AAPL\",\"queryCount\":1,\"resultsCount\":1,\"adjusted\":false,"
                        + "\"results\":[{\"v\":41000000,\"vw\":229.0,\"o\":228.1,\"c\":229.4,\"h\":230.0,\"l\":227.5,\"t\":"
                        + nyMidnight("2026-10-05") + ",\"n\":400000}],\"status\":\"OK\",\"request_id\":\"a1\",\"count\":1}",
                        Reply.status(403, "{\"status\":\"NOT_AUTHORIZED\",\"request_id\":\"a2\",\"message\":\"You are not entitled"
                                + " to this data. Please upgrade your plan at https://polygon.io/pricing\"}", Map.of())),
                new Case(Vendor.TIINGO, "2026-10-06", "[{\"date\":\"2026-10-06T00:00:00.000Z\",\"close\":229.4,\"high\":230.0,"
                        + "\"low\":227.5,\"open\":228.1,\"volume\":41000000,\"adjClose\":229.4,\"adjHigh\":230.0,\"adjLow\":227.5,"
                        + "\"adjOpen\":228.1,\"adjVolume\":41000000,\"divCash\":0.0,\"splitFactor\":1.0}]",
                        Reply.status(404, "{\"detail\":\"Error: Ticker 'ZZZZ' not found\"}", Map.of())),
                new Case(Vendor.ALPHAVANTAGE, "2026-10-07", "{\"Meta Data\":{\"2. Symbol\":\"AAPL\",\"5. Time Zone\":\"US/Eastern\"},"
                        + "\"Time Series (Daily)\":{\"2026-10-07\":{\"1. open\":\"228.1\",\"2. high\":\"230.0\",\"3. low\":\"227.5\","
                        + "\"4. close\":\"229.4\",\"5. volume\":\"41000000\"}}}",
                        Reply.ok("{\"Error Message\":\"Invalid API call. Please retry or visit the documentation"
                                + " (https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY.\"}")));

        for (Case c : cases) {
            driver.resources().register(MarketDataSettings.class, new MarketDataSettings(c.vendor()));
            vendor.then(Reply.ok(c.good())).then(c.bad());
            DagRunRow run = trigger("daily_bars", "fail_" + c.vendor().id(), c.session() + "T21:30:00Z",
                    Map.of("tickers_file", tickers.toString()));
            for (int i = 0; i < 8 && driver.runState("daily_bars", run.runId()) != DagRunState.FAILED; i++) {
                driver.settle();
                driver.advance(Duration.ofMinutes(30));
            }

            assertThat(driver.runState("daily_bars", run.runId())).as(c.vendor().id()).isEqualTo(DagRunState.FAILED);
            assertThat(driver.state(run, "fetch_eod")).isEqualTo(TaskState.FAILED);
            assertThat(driver.log(run, "fetch_eod", -1, 1)).as(c.vendor().id()).contains("bars for ZZZZ")
                    .doesNotContain("VENDORKEY");
            assertThat(market("SELECT count(*) FROM bars_1d WHERE session_date = '" + c.session() + "'")).isEqualTo("0\n");
            assertThat(store.exists("raw/eod/" + c.session() + ".csv")).isFalse();
        }
        assertThat(engine("SELECT count(*) FROM bars_1d")).isEqualTo("0\n");
    }

    @Test
    void partitions_are_created_once_and_a_bar_beyond_them_fails_the_whole_load() throws Exception {
        DataSource ds = market.dataSource();
        assertThat(BarPartitions.ensure(ds, "bars_1d", YearMonth.of(2030, 3), YearMonth.of(2030, 3))).isEqualTo(3);
        assertThat(BarPartitions.ensure(ds, "bars_1d", YearMonth.of(2030, 3), YearMonth.of(2030, 4))).isEqualTo(1);
        assertThat(BarPartitions.ensure(engineDs, "bars_1d", YearMonth.of(2030, 3), YearMonth.of(2030, 3))).isZero();

        BarLoader.CsvInput inside = csv("inside", "AAPL,2030-03-04,1,2,0.5,1.5,,100,polygon\n");
        BarLoader.CsvInput beyond = csv("beyond", "AAPL,2031-07-01,1,2,0.5,1.5,,100,polygon\n");
        assertThatThrownBy(() -> new BarLoader(ds).loadDailyBars(List.of(inside, beyond)))
                .hasMessageContaining("COPY of beyond failed")
                .hasMessageContaining("no partition");
        assertThat(market("SELECT count(*) FROM bars_1d WHERE session_date >= '2030-01-01'")).isEqualTo("0\n");

        assertThat(new BarLoader(ds).loadDailyBars(List.of(inside)).rows()).isEqualTo(1);
        assertThat(market("SELECT count(*) FROM bars_1d_2030_03")).isEqualTo("1\n");
    }

    private static BarLoader.CsvInput csv(String name, String rows) {
        byte[] bytes = (BarCsv.DAILY_HEADER + "\n" + rows).getBytes(StandardCharsets.UTF_8);
        return new BarLoader.CsvInput() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private static long nyMidnight(String date) {
        return LocalDate.parse(date).atStartOfDay(ZoneId.of("America/New_York")).toInstant().toEpochMilli();
    }

    private static String market(String sql) throws Exception {
        return QueryText.of(market.dataSource(), sql);
    }

    private static String engine(String sql) throws Exception {
        return QueryText.of(engineDs, sql);
    }
}
