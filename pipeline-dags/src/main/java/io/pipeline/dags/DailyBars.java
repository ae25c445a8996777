package io.pipeline.dags;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.MarketDataDatasets;
import io.pipeline.dags.marketdata.DailyTasks;
import io.pipeline.dags.marketdata.MarketData;
import io.pipeline.schedule.Schedules;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/**
 * Each NYSE session, 30 minutes after its close (early closes included): end-of-day bars for every ticker to
 * {@code raw/eod/<session>.csv}, upserted into {@code bars_1d} (an event of dataset
 * {@link MarketDataDatasets#BARS_1D} for the session), then quality checks. Each run is one session, so a
 * backfill over years is one run per session. Manual when {@code daily_bars_spark} is the scheduled variant
 * ({@code PIPELINE_DAILY_BARS_LOAD=spark}).
 */
public final class DailyBars implements DagDefinition {

    public static final String DAG_ID = "daily_bars";

    private final Map<String, String> env;

    public DailyBars() {
        this(System.getenv());
    }

    /** With the environment that says which variant loads on the schedule ({@link DailyBarsLoad}). */
    public DailyBars(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Each XNYS session at close + 30 min: end-of-day bars for all tickers into bars_1d, quality checks")
                .owner("market-data")
                .tags("market-data", "eod")
                .schedule(DailyBarsLoad.onSpark(env) ? Schedules.manual() : DailyBarsLoad.sessionSchedule())
                .startDate(LocalDate.of(2020, 1, 2), "America/New_York")
                .catchup(false)
                .maxActiveRuns(4)
                .params(MarketDataParams.common())
                .defaults(d -> d.retries(3).retryDelay(Duration.ofMinutes(2)).exponentialBackoff(true))
                .tasks(b -> {
                    TaskRef fetch = b.task("fetch_eod", DailyTasks::fetch).pool(MarketData.PROVIDER_POOL);
                    TaskRef load = b.task("load_bars_1d", DailyTasks::load).produces(MarketDataDatasets.BARS_1D);
                    TaskRef check = b.task("quality_checks", DailyTasks::check).retries(0);
                    fetch.then(load).then(check);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }
}
