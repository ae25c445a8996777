package io.pipeline.dags;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.MarketDataDatasets;
import io.pipeline.dags.marketdata.IntradayTasks;
import io.pipeline.dags.marketdata.MarketData;
import io.pipeline.schedule.Schedules;

import java.time.Duration;
import java.time.LocalDate;

/**
 * After the last NYSE session of each week: read the tickers, fetch 1-minute bars of the last 10 sessions per ticker
 * (one mapped task per ticker, at most 4 at once through the provider pool), write them to
 * {@code raw/<session>/<symbol>.csv}, load {@code bars_1m}, check quality.
 */
public final class IntradayPrices implements DagDefinition {

    public static final String DAG_ID = "intraday_prices";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Weekly: 1-minute bars of the last 10 XNYS sessions per ticker to raw CSV, bars_1m, quality checks")
                .owner("market-data")
                .tags("market-data", "intraday")
                .schedule(Schedules.lastSessionOfWeek(MarketData.CALENDAR).plus(Duration.ofMinutes(30)))
                .startDate(LocalDate.of(2025, 1, 2), "America/New_York")
                .catchup(false)
                .maxActiveRuns(1)
                .params(MarketDataParams.common())
                .param(ParamSpec.integer(IntradayTasks.SESSIONS).withDefault(10)
                        .describedAs("sessions to fetch, ending with the run's session"))
                .defaults(d -> d.retries(2).retryDelay(Duration.ofMinutes(1)).exponentialBackoff(true))
                .tasks(b -> {
                    TaskRef tickers = b.task("read_tickers", MarketData::tickers).retries(0);
                    TaskRef fetch = b.task("fetch_bars", IntradayTasks::fetch).expand(tickers)
                            .pool(MarketData.PROVIDER_POOL);
                    TaskRef load = b.task("load_bars_1m", IntradayTasks::load).produces(MarketDataDatasets.BARS_1M);
                    TaskRef check = b.task("quality_checks", IntradayTasks::check).retries(0);
                    fetch.then(load).then(check);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }
}
