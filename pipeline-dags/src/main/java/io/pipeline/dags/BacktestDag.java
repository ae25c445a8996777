package io.pipeline.dags;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.BacktestTasks;
import io.pipeline.dags.marketdata.MarketDataDatasets;
import io.pipeline.schedule.DatasetInput;
import io.pipeline.schedule.PartitionMapping;
import io.pipeline.schedule.Schedules;

import java.time.LocalDate;

/**
 * A moving-average crossover over {@code bars_1d} for every ticker, with the windows and period from the run's
 * params; results in {@code backtest_result} and a JSON report under {@code reports/backtest/}. Scheduled once per
 * week of {@code bars_1d}: the run of a week's last XNYS session starts once every session of that week has its
 * {@code bars_1d} event (a holiday is no session, so a week with one is complete without it), and carries that
 * session as partition key and as the end of its window. Triggering it by hand (with params, without a partition
 * key) runs it at once, as before.
 */
public final class BacktestDag implements DagDefinition {

    public static final String DAG_ID = "backtest";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Moving-average crossover over bars_1d per ticker: Sharpe, max drawdown, turnover")
                .owner("research")
                .tags("market-data", "research")
                .schedule(Schedules.onPartitions(DatasetInput.of(MarketDataDatasets.BARS_1D,
                        PartitionMapping.lastSessionOfWeek())))
                .startDate(LocalDate.of(2025, 1, 2), "America/New_York")
                .catchup(false)
                .params(MarketDataParams.common())
                .params(ParamSpec.integer("short_window").withDefault(10).describedAs("short moving average, sessions"),
                        ParamSpec.integer("long_window").withDefault(50).describedAs("long moving average, sessions"),
                        ParamSpec.integer("lookback_sessions").withDefault(252).describedAs("sessions in the test window"),
                        ParamSpec.string("end").withDefault("").describedAs("last session (YYYY-MM-DD); empty for the run's"))
                .tasks(b -> {
                    TaskRef history = b.task("prepare_history", BacktestTasks::prepareHistory);
                    TaskRef run = b.task("run_backtest", BacktestTasks::run);
                    history.then(run);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }
}
