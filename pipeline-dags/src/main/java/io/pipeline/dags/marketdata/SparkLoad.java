package io.pipeline.dags.marketdata;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.JdbcConnections;
import io.pipeline.dag.DagValidationException;
import io.pipeline.dag.ParamSpec;
import io.pipeline.objects.ObjectStore;
import io.pipeline.task.TaskContext;
import io.pipeline.task.spark.SparkRuntime;
import io.pipeline.task.spark.SparkSubmit;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.YearMonth;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The load of {@code daily_bars_spark}: the end-of-day CSV of {@code fetch_eod} upserted into {@code bars_1d} by the
 * Spark application of pipeline-spark ({@value #MAIN_CLASS}), submitted with {@link SparkSubmit}. Where Spark runs
 * and what it runs come from the run's params; the database it writes to is the connection
 * {@value #DB_CONNECTION} when configured, else the orchestrator's own database.
 */
public final class SparkLoad {

    public static final String MAIN_CLASS = "io.pipeline.spark.DailyBarsJob";
    public static final String DB_CONNECTION = MarketDataDatabase.CONNECTION;
    public static final String MASTER = "spark_master";
    public static final String APP_JAR = "spark_app_jar";
    public static final String SPARK_HOME = "spark_home";
    public static final String CLASSPATH = "spark_classpath";
    public static final String DRIVER_MEMORY = "spark_driver_memory";
    /** The application's login variables (DailyBarsJob.USER_ENV / PASSWORD_ENV), passed in the driver's environment. */
    static final String USER_ENV = "PIPELINE_JDBC_USER";
    static final String PASSWORD_ENV = "PIPELINE_JDBC_PASSWORD";

    private SparkLoad() {
    }

    /** The Spark params with their defaults (a deployment's master, application jar and Spark class path). */
    public static ParamSpec[] params(String master, String appJar, String classpath) {
        return new ParamSpec[] {
                ParamSpec.string(MASTER).withDefault(master)
                        .describedAs("Spark master: spark://host:7077, k8s://https://host:port or local[n]"),
                ParamSpec.string(APP_JAR).withDefault(appJar)
                        .describedAs("path or URL of pipeline-spark's application jar (pipeline-spark-<version>-app.jar)"),
                ParamSpec.string(SPARK_HOME).withDefault("")
                        .describedAs("Spark installation whose bin/spark-submit is used; empty for $SPARK_HOME"),
                ParamSpec.string(CLASSPATH).withDefault(classpath)
                        .describedAs("instead of a Spark installation: Spark's class path (e.g. /opt/spark/jars/*) for a JVM of this node"),
                ParamSpec.string(DRIVER_MEMORY).withDefault("1g").describedAs("driver memory, e.g. 1g")
        };
    }

    public static Object load(TaskContext ctx) throws Exception {
        String key = ctx.input("fetch_eod", String.class);
        String input = sparkPath(ctx.resource(ObjectStore.class).location(key));
        Target target = target(ctx);
        YearMonth month = YearMonth.from(MarketData.session(ctx));
        BarPartitions.ensure(MarketData.database(ctx), "bars_1d", month, month);
        String memory = ctx.param(DRIVER_MEMORY, String.class);
        SparkSubmit submit = SparkSubmit.builder(runtime(ctx), ctx.param(MASTER, String.class), appJar(ctx))
                .mainClass(MAIN_CLASS)
                .name("daily_bars_load_{session}")
                .driverMemory(memory == null || memory.isBlank() ? null : memory)
                .conf("spark.ui.enabled", "false")
                .env(USER_ENV, target.user() == null ? "" : target.user())
                .env(PASSWORD_ENV, target.password() == null ? "" : target.password())
                .args("--input", input, "--jdbc-url", target.url())
                .build();
        return submit.execute(ctx);
    }

    static SparkRuntime runtime(TaskContext ctx) {
        String classpath = ctx.param(CLASSPATH, String.class);
        if (classpath != null && !classpath.isBlank()) {
            return SparkRuntime.jvm(Path.of(System.getProperty("java.home")), classpath, java.util.List.of());
        }
        String home = ctx.param(SPARK_HOME, String.class);
        return home != null && !home.isBlank() ? SparkRuntime.home(Path.of(home)) : SparkRuntime.fromEnvironment();
    }

    private static String appJar(TaskContext ctx) {
        String jar = ctx.param(APP_JAR, String.class);
        if (jar == null || jar.isBlank()) {
            // the run's params do not change between tries: not retried
            throw new DagValidationException(ctx.dagId(), "param " + APP_JAR + " is empty: set it to the path of"
                    + " pipeline-spark's application jar (pipeline-spark/target/pipeline-spark-<version>-app.jar)");
        }
        return jar;
    }

    /** Object store locations as Spark's Hadoop file systems name them (S3 through s3a, which needs hadoop-aws). */
    static String sparkPath(String location) {
        return location.startsWith("s3://") ? "s3a://" + location.substring(5) : location;
    }

    record Target(String url, String user, String password) {
    }

    private static Target target(TaskContext ctx) throws SQLException {
        Optional<Connection> db = ctx.resource(ConnectionRegistry.class).find(DB_CONNECTION);
        if (db.isPresent()) {
            return new Target(JdbcConnections.jdbcUrl(db.get()), db.get().login(), db.get().password());
        }
        DataSource ds = ctx.resource(DataSource.class);
        if (ds.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource h = ds.unwrap(HikariDataSource.class);
            return new Target(h.getJdbcUrl(), h.getUsername(), h.getPassword());
        }
        throw new IllegalStateException("cannot tell the Spark application where bars_1d is: configure the connection "
                + DB_CONNECTION + " (PIPELINE_CONN_MARKET_DATA_DB=postgresql://user:password@host:5432/database)");
    }
}
