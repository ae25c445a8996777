package io.pipeline.dags;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.DailyTasks;
import io.pipeline.dags.marketdata.MarketData;
import io.pipeline.dags.marketdata.SparkLoad;
import io.pipeline.schedule.Schedules;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code daily_bars} with its load run as a Spark application (pipeline-spark's DailyBarsJob through SparkSubmit):
 * the same fetch and quality checks around it. Manual unless {@code PIPELINE_DAILY_BARS_LOAD=spark} puts it on
 * daily_bars' schedule (and daily_bars off it), so that an installation without Spark does not fail on a schedule;
 * the Spark params default from the environment (docs/distributed-engines.md).
 */
public final class DailyBarsSpark implements DagDefinition {

    public static final String DAG_ID = "daily_bars_spark";

    private final Map<String, String> env;

    public DailyBarsSpark() {
        this(System.getenv());
    }

    /** With the environment that says which variant is scheduled and where Spark is ({@link DailyBarsLoad}). */
    public DailyBarsSpark(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("daily_bars with the load into bars_1d as a Spark application; scheduled instead of daily_bars when PIPELINE_DAILY_BARS_LOAD=spark")
                .owner("market-data")
                .tags("market-data", "eod", "spark")
                .schedule(DailyBarsLoad.onSpark(env) ? DailyBarsLoad.sessionSchedule() : Schedules.manual())
                .startDate(LocalDate.of(2020, 1, 2), "America/New_York")
                .catchup(false)
                .maxActiveRuns(4)
                .params(Stream.of(MarketDataParams.common(), SparkLoad.params(env.getOrDefault(DailyBarsLoad.MASTER_ENV, "local[2]"),
                        env.getOrDefault(DailyBarsLoad.APP_JAR_ENV, ""), env.getOrDefault(DailyBarsLoad.CLASSPATH_ENV, ""))).flatMap(Stream::of).toArray(ParamSpec[]::new))
                .defaults(d -> d.retries(3).retryDelay(Duration.ofMinutes(2)).exponentialBackoff(true))
                .tasks(b -> {
                    TaskRef fetch = b.task("fetch_eod", DailyTasks::fetch).pool(MarketData.PROVIDER_POOL);
                    TaskRef load = b.task("load_bars_1d", SparkLoad::load).retries(1)
                            .executionTimeout(Duration.ofHours(1));
                    TaskRef check = b.task("quality_checks", DailyTasks::check).retries(0);
                    fetch.then(load).then(check);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }
}
