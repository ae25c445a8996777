package io.pipeline.spark;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dags.DailyBarsSpark;
import io.pipeline.dags.marketdata.SparkLoad;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** daily_bars_spark end to end through the engine: simulated end-of-day bars loaded by a real Spark (local[2]). */
class DailyBarsSparkDagTest {

    static HikariDataSource ds;
    static EngineTestDriver driver;
    static ObjectStore store;

    @BeforeAll
    static void engine() throws Exception {
        ds = TestDatabase.migratedDatabase(DailyBarsSparkDagTest.class);
        driver = EngineTestDriver.create(ds, SettableClock.at("2026-11-20T00:00:00Z"), new DailyBarsSpark(Map.of()).define());
        store = LocalObjectStore.underDataDir(Files.createTempDirectory("daily-bars-spark"));
        driver.resources().register(ObjectStore.class, store)
                .register(ConnectionRegistry.class, ConnectionRegistry.empty())
                .register(DataSource.class, ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void loads_the_fetched_end_of_day_bars_into_bars_1d_with_spark_and_the_quality_checks_pass() throws Exception {
        DagRunRow run = driver.runs().trigger(DailyBarsSpark.DAG_ID, "spark_1", Instant.parse("2026-11-18T21:30:00Z"),
                Map.of(SparkLoad.APP_JAR, LocalSpark.appJar(), SparkLoad.CLASSPATH, LocalSpark.classpath()), null);
        driver.settle();

        String loadLog = driver.log(run, "load_bars_1d", -1, 1);
        assertThat(driver.state(run, "load_bars_1d")).as(loadLog).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.runState(DailyBarsSpark.DAG_ID, run.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(loadLog).contains("daily_bars_load: 5 daily bar(s) from file:").contains("5 inserted, 0 changed")
                .doesNotContain("PIPELINE_JDBC_PASSWORD");

        Map<String, String> fetched = new TreeMap<>();
        store.getString("raw/eod/2026-11-18.csv").lines().skip(1).forEach(l -> {
            String[] c = l.split(",");
            fetched.put(c[0], c[1] + "|" + Double.parseDouble(c[5]) + "|" + Long.parseLong(c[7]) + "|" + c[8]);
        });
        assertThat(stored()).hasSize(5).isEqualTo(fetched);
    }

    private static Map<String, String> stored() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT symbol, session_date, close, volume, source FROM bars_1d")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2) + "|" + rs.getDouble(3) + "|" + rs.getLong(4) + "|" + rs.getString(5));
            }
        }
        return out;
    }
}
