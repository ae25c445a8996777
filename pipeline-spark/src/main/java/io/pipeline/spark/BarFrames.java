package io.pipeline.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

/**
 * Bars CSV (the raw files of the object store) to rows of {@code bars_1d}. The header says which kind a file is:
 * {@code symbol,session_date,...} end-of-day bars are taken as they are; {@code symbol,ts,...} minute bars are
 * aggregated per symbol and session (the date in the exchange's zone): first open, highest high, lowest low, last
 * close, summed volume.
 */
final class BarFrames {

    static final List<String> DAILY = List.of("symbol", "session_date", "open", "high", "low", "close",
            "adjusted_close", "volume", "source");
    static final List<String> MINUTE = List.of("symbol", "ts", "open", "high", "low", "close", "volume", "source");

    private BarFrames() {
    }

    static Dataset<Row> dailyBars(SparkSession spark, String input, String zone) {
        Dataset<Row> raw = spark.read().option("header", "true").option("mode", "FAILFAST").csv(input);
        List<String> columns = List.of(raw.columns());
        if (columns.equals(DAILY)) {
            return typed(raw, "session_date", "date").withColumn("adjusted_close", col("adjusted_close").cast("double"))
                    .select(columns(DAILY));
        }
        if (columns.equals(MINUTE)) {
            Dataset<Row> minutes = typed(raw, "ts", "timestamp")
                    .withColumn("session_date", to_date(from_utc_timestamp(col("ts"), zone)));
            return minutes.groupBy("symbol", "session_date").agg(
                            min_by(col("open"), col("ts")).as("open"), max("high").as("high"),
                            min("low").as("low"), max_by(col("close"), col("ts")).as("close"),
                            lit(null).cast("double").as("adjusted_close"), sum("volume").as("volume"),
                            max_by(col("source"), col("ts")).as("source"))
                    .select(columns(DAILY));
        }
        throw new IllegalArgumentException("input " + input + ": header " + columns + " is neither end-of-day bars "
                + DAILY + " nor minute bars " + MINUTE);
    }

    /** Casts the columns (ANSI casts: a value that is not a number fails the job naming it). */
    private static Dataset<Row> typed(Dataset<Row> raw, String timeColumn, String timeType) {
        return raw.withColumn(timeColumn, col(timeColumn).cast(timeType))
                .withColumn("open", col("open").cast("double"))
                .withColumn("high", col("high").cast("double"))
                .withColumn("low", col("low").cast("double"))
                .withColumn("close", col("close").cast("double"))
                .withColumn("volume", col("volume").cast("long"));
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(n -> col(n)).toArray(Column[]::new);
    }
}
