package io.pipeline.dags;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBag;
import io.pipeline.dags.marketdata.SparkLoad;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * daily_bars_spark loads as a manual DAG and, run by the engine without Spark, fails its load with the named error
 * of what is missing (the end-to-end run with a real Spark is in pipeline-spark's tests).
 */
class DailyBarsSparkTest {

    static HikariDataSource ds;
    static EngineTestDriver driver;

    @BeforeAll
    static void engine() throws Exception {
        ds = TestDatabase.migratedDatabase(DailyBarsSparkTest.class);
        driver = EngineTestDriver.create(ds, SettableClock.at("2026-11-20T00:00:00Z"), new DailyBarsSpark(Map.of()).define());
        driver.resources().register(ObjectStore.class, LocalObjectStore.underDataDir(Files.createTempDirectory("dbs")))
                .register(ConnectionRegistry.class, ConnectionRegistry.empty())
                .register(DataSource.class, ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void loads_as_a_manual_dag_with_the_load_between_fetch_and_checks_and_spark_params() {
        DagBag bag = DagBag.of(List.of(new DailyBarsSpark(Map.of())));
        assertThat(bag.importErrors()).isEmpty();
        Dag dag = bag.dags().get(DailyBarsSpark.DAG_ID);

        assertThat(dag.isScheduled()).isFalse();
        assertThat(dag.taskIds()).containsExactly("fetch_eod", "load_bars_1d", "quality_checks");
        assertThat(dag.upstream("load_bars_1d")).containsExactly("fetch_eod");
        assertThat(dag.params().get(SparkLoad.MASTER).defaultValue()).isEqualTo("local[2]");
        assertThat(dag.params()).containsKeys(SparkLoad.APP_JAR, SparkLoad.SPARK_HOME, SparkLoad.CLASSPATH,
                "tickers_file");
    }

    @Test
    void switching_the_load_to_spark_puts_daily_bars_spark_on_the_session_schedule_and_daily_bars_off_it() {
        Map<String, String> env = Map.of(DailyBarsLoad.ENV, "spark", DailyBarsLoad.MASTER_ENV, "spark://spark-master:7077",
                DailyBarsLoad.APP_JAR_ENV, "/opt/pipeline/pipeline-spark-app.jar");

        Dag spark = new DailyBarsSpark(env).define();
        Dag jdbc = new DailyBars(env).define();

        assertThat(jdbc.isScheduled()).isFalse();
        assertThat(spark.isScheduled()).isTrue();
        assertThat(spark.timetable().expression()).isEqualTo(new DailyBars(Map.of()).define().timetable().expression());
        assertThat(spark.params().get(SparkLoad.MASTER).defaultValue()).isEqualTo("spark://spark-master:7077");
        assertThat(spark.params().get(SparkLoad.APP_JAR).defaultValue()).isEqualTo("/opt/pipeline/pipeline-spark-app.jar");
        assertThat(new DailyBars(Map.of(DailyBarsLoad.ENV, "jdbc")).define().isScheduled()).isTrue();
        assertThatThrownBy(() -> new DailyBarsSpark(Map.of(DailyBarsLoad.ENV, "flink")).define())
                .hasMessage("PIPELINE_DAILY_BARS_LOAD='flink' is not jdbc or spark");
    }

    @Test
    void a_run_without_the_application_jar_fails_the_load_naming_the_param() {
        DagRunRow run = driver.runs().trigger(DailyBarsSpark.DAG_ID, "no_jar", Instant.parse("2026-11-18T21:30:00Z"),
                Map.of(SparkLoad.CLASSPATH, "/nonexistent/jars/*"), null);
        driver.settle();

        assertThat(driver.state(run, "fetch_eod")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.state(run, "load_bars_1d")).as("a param does not change between tries: no retry")
                .isEqualTo(TaskState.FAILED);
        assertThat(driver.ti(run, "load_bars_1d", -1).tryNumber()).isEqualTo(1);
        assertThat(driver.log(run, "load_bars_1d", -1, 1)).contains("param spark_app_jar is empty");
    }

    @Test
    void a_run_against_a_master_that_does_not_answer_fails_the_load_with_the_named_error() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DagRunRow run = driver.runs().trigger(DailyBarsSpark.DAG_ID, "no_master", Instant.parse("2026-11-18T21:31:00Z"),
                Map.of(SparkLoad.CLASSPATH, "/nonexistent/jars/*", SparkLoad.APP_JAR, "/nonexistent/app.jar",
                        SparkLoad.MASTER, "spark://127.0.0.1:" + closedPort), null);
        driver.settle();

        assertThat(driver.state(run, "load_bars_1d")).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(driver.log(run, "load_bars_1d", -1, 1))
                .contains("SparkMasterUnreachableException: Spark master spark://127.0.0.1:" + closedPort + " does not answer")
                .doesNotContain("spark-submit started");
    }
}
