package io.pipeline.dags;

import io.pipeline.dags.marketdata.MarketData;
import io.pipeline.schedule.Schedules;
import io.pipeline.schedule.Timetable;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Which DAG loads the end-of-day bars on the schedule: {@code daily_bars} (COPY from this node, the default) or
 * {@code daily_bars_spark} (a Spark application), chosen by {@value #ENV} = {@code jdbc} | {@code spark}. The other
 * one stays manual, so that each session is loaded once. The Spark settings default from {@value #MASTER_ENV},
 * {@value #APP_JAR_ENV} and {@value #CLASSPATH_ENV} (else {@code SPARK_HOME}'s spark-submit).
 */
final class DailyBarsLoad {

    static final String ENV = "PIPELINE_DAILY_BARS_LOAD";
    static final String MASTER_ENV = "PIPELINE_SPARK_MASTER";
    static final String APP_JAR_ENV = "PIPELINE_SPARK_APP_JAR";
    static final String CLASSPATH_ENV = "PIPELINE_SPARK_CLASSPATH";

    private DailyBarsLoad() {
    }

    /** True when the Spark variant is the scheduled one; fails naming the variable on any other value. */
    static boolean onSpark(Map<String, String> env) {
        String v = env.getOrDefault(ENV, "").strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "jdbc" -> false;
            case "spark" -> true;
            default -> throw new IllegalArgumentException(ENV + "='" + env.get(ENV) + "' is not jdbc or spark");
        };
    }

    /** Each XNYS session, 30 minutes after its close (early closes included). */
    static Timetable sessionSchedule() {
        return Schedules.sessionClose(MarketData.CALENDAR).plus(Duration.ofMinutes(30));
    }
}
