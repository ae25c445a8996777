package io.pipeline.spark;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.task.io.TestTaskContext;
import io.pipeline.task.spark.SparkMasterUnreachableException;
import io.pipeline.task.spark.SparkSubmitException;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SparkSubmit task against a real Spark (local[2], a child JVM) writing into the test PostgreSQL. */
class SparkSubmitLocalTest {

    static HikariDataSource ds;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(SparkSubmitLocalTest.class);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    /** Minute bars of 2026-11-18 in New York; the last AAPL bar is 20:00 there, already the 19th in UTC. */
    private Path minuteBars(String aaplLastVolume) throws Exception {
        Path csv = dir.resolve("minutes.csv");
        Files.writeString(csv, """
                symbol,ts,open,high,low,close,volume,source
                AAPL,2026-11-18T14:30:00Z,100.0,101.0,99.5,100.5,1000,sim
                AAPL,2026-11-18T14:31:00Z,100.5,102.5,100.0,102.0,2000,sim
                MSFT,2026-11-18T14:30:00Z,400.0,401.0,398.0,399.0,500,sim
                AAPL,2026-11-19T01:00:00Z,102.0,102.2,98.0,99.0,%s,sim
                MSFT,2026-11-18T20:59:00Z,399.0,405.0,399.0,404.0,700,sim
                """.formatted(aaplLastVolume));
        return csv;
    }

    @Test
    void aggregates_minute_bars_into_bars_1d_through_a_real_spark_in_local_mode() throws Exception {
        TestTaskContext ctx = TestTaskContext.create().session(java.time.LocalDate.parse("2026-11-18"));

        Object out = LocalSpark.dailyBarsLoad("local[2]", minuteBars("3000"), ds.getJdbcUrl()).build().execute(ctx);

        assertThat(query("SELECT symbol, session_date, open, high, low, close, adjusted_close, volume, source FROM bars_1d ORDER BY symbol"))
                .isEqualTo("""
                        AAPL|2026-11-18|100|102.5|98|99|null|6000|sim
                        MSFT|2026-11-18|400|405|398|404|null|1200|sim
                        """);
        assertThat(out).isInstanceOfSatisfying(Map.class, m -> {
            assertThat(m.get("exit_code")).isEqualTo(0);
            assertThat((String) m.get("application_id")).startsWith("local-");
        });
        String log = ctx.recorded().text();
        assertThat(log).contains("--name daily_bars_load_2026-11-18", "spark.executorEnv.TZ=***",
                        " entries) org.apache.spark.deploy.SparkSubmit --master local[2]")
                .contains("INFO SparkContext: Submitted application: daily_bars_load_2026-11-18")
                .contains("daily_bars_load: 2 daily bar(s) from " + dir.resolve("minutes.csv") + " into bars_1d: 2 inserted, 0 changed")
                .contains("Spark application daily_bars_load_2026-11-18 completed on local[2]")
                .doesNotContain("PIPELINE_JDBC_PASSWORD=postgres");
        assertThat(stagingTables()).isZero();
    }

    @Test
    void a_failing_application_fails_the_try_with_the_drivers_error_and_leaves_bars_1d_as_it_was() throws Exception {
        String before = query("SELECT * FROM bars_1d ORDER BY symbol");
        TestTaskContext ctx = TestTaskContext.create();

        assertThatThrownBy(() -> LocalSpark.dailyBarsLoad("local[2]", minuteBars("3OOO"), ds.getJdbcUrl()).build().execute(ctx))
                .isInstanceOfSatisfying(SparkSubmitException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessageStartingWith("Spark application daily_bars_load_2026-11-20 failed on local[2] (spark-submit exit code 1): ")
                .hasMessageContaining("org.apache.spark.SparkNumberFormatException: [CAST_INVALID_INPUT] The value '3OOO'"
                        + " of the type \"STRING\" cannot be cast to \"BIGINT\"");
        assertThat(query("SELECT * FROM bars_1d ORDER BY symbol")).isEqualTo(before);
        assertThat(stagingTables()).isZero();
        assertThat(ctx.recorded().text()).contains("spark: Exception in thread \"main\"");
    }

    @Test
    void a_master_that_does_not_answer_fails_within_the_connect_timeout_with_a_named_error_and_starts_nothing()
            throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        long children = ProcessHandle.current().children().count();
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> LocalSpark.dailyBarsLoad("spark://127.0.0.1:" + closedPort, minuteBars("1"), ds.getJdbcUrl())
                .masterConnectTimeout(Duration.ofSeconds(2)).build().execute(TestTaskContext.create()))
                .isInstanceOf(SparkMasterUnreachableException.class)
                .hasMessageStartingWith("Spark master spark://127.0.0.1:" + closedPort + " does not answer within 2000 ms: 127.0.0.1:" + closedPort);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
    }

    @Test
    void interrupting_the_try_stops_spark_submit_and_every_process_it_started() throws Exception {
        TestTaskContext ctx = TestTaskContext.create();
        var task = LocalSpark.dailyBarsLoad("local[2]", minuteBars("1"), ds.getJdbcUrl())
                .killGrace(Duration.ofSeconds(5)).build();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                task.execute(ctx);
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        long pid = awaitStartedDriver(ctx);
        ctx.recorded().awaitLine("Running Spark version", Duration.ofSeconds(60));
        assertThat(ProcessHandle.of(pid)).isPresent();

        worker.interrupt();
        worker.join(Duration.ofSeconds(20));

        assertThat(worker.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("java")))
                .isEmpty();
        assertThat(ctx.recorded().text()).contains("interrupted: spark-submit (pid " + pid + ") and its child processes stopped");
    }

    private static long awaitStartedDriver(TestTaskContext ctx) throws InterruptedException {
        Pattern started = Pattern.compile("spark-submit started \\(pid (\\d+)\\)");
        String line = ctx.recorded().awaitLine("spark-submit started", Duration.ofSeconds(60));
        Matcher m = started.matcher(line);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long stagingTables() throws Exception {
        return Long.parseLong(query("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bars_1d_spark_%'").strip());
    }

    private static String query(String sql) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    out.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
