package io.pipeline.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * The daily-bars load as a Spark application: reads a CSV of bars (end-of-day bars, or minute bars that it
 * aggregates into daily bars per symbol and exchange session) and upserts them into {@code bars_1d} over JDBC.
 * <pre>
 *   spark-submit --class io.pipeline.spark.DailyBarsJob pipeline-spark-app.jar \
 *       --input raw/eod/2026-11-18.csv --jdbc-url jdbc:postgresql://db:5432/pipeline [--zone America/New_York]
 * </pre>
 * The database login comes from the driver's environment ({@value #USER_ENV}, {@value #PASSWORD_ENV}), never from
 * the command line, where any user of the machine could read it.
 */
public final class DailyBarsJob {

    public static final String USER_ENV = "PIPELINE_JDBC_USER";
    public static final String PASSWORD_ENV = "PIPELINE_JDBC_PASSWORD";

    private DailyBarsJob() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = JobArgs.parse(argv, "input", "jdbc-url", "zone");
        String input = JobArgs.required(args, "input");
        String jdbcUrl = JobArgs.required(args, "jdbc-url");
        String zone = args.getOrDefault("zone", "America/New_York");
        // the name comes from spark-submit's --name
        SparkSession spark = SparkSession.builder().config("spark.sql.session.timeZone", "UTC").getOrCreate();
        try {
            System.out.println("daily_bars_load: application " + spark.sparkContext().applicationId());
            Dataset<Row> daily = BarFrames.dailyBars(spark, input, zone);
            BarsTable table = new BarsTable(jdbcUrl, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV));
            BarsTable.Result r = table.upsert(daily);
            System.out.println("daily_bars_load: " + r.rows() + " daily bar(s) from " + input + " into bars_1d: "
                    + r.inserted() + " inserted, " + r.updated() + " changed");
        } finally {
            spark.stop();
        }
    }
}
