package io.pipeline.dags;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.MarketDataDatasets;
import io.pipeline.dags.marketdata.FundamentalsTasks;
import io.pipeline.schedule.Schedules;
import io.pipeline.task.io.RedisRpush;
import io.pipeline.task.io.SqsSend;

import java.time.Duration;

/**
 * The risk models of an XNYS session, once that session's end-of-day bars ({@code daily_bars}) and fundamentals
 * ({@code nightly_dataload}) are both in: derive the daily fundamentals (fundamentals joined with the session's
 * closes) and queue the risk-model jobs on SQS and Redis. One run per session, carrying it as partition key; a run
 * whose inputs are not all in waits, and says which it waits for.
 */
public final class RiskModels implements DagDefinition {

    public static final String DAG_ID = "risk_models";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Per XNYS session once bars_1d and fundamentals are in: daily fundamentals, queue risk models")
                .owner("market-data")
                .tags("market-data", "fundamentals", "risk")
                .schedule(Schedules.onPartitions(MarketDataDatasets.BARS_1D, MarketDataDatasets.FUNDAMENTALS))
                .maxActiveRuns(4)
                .params(MarketDataParams.common())
                .defaults(d -> d.retries(2).retryDelay(Duration.ofMinutes(5)))
                .tasks(b -> {
                    TaskRef daily = b.task("daily_fundamentals", FundamentalsTasks::daily)
                            .consumes(MarketDataDatasets.BARS_1D, MarketDataDatasets.FUNDAMENTALS);
                    TaskRef sqs = b.task("queue_risk_metrics_job", SqsSend.to(NightlyDataload.SQS_CONNECTION,
                            NightlyDataload.SQS_QUEUE, ctx -> FundamentalsTasks.riskJob(ctx, "risk_metrics"))
                            .offlineToOutbox());
                    TaskRef redis = b.task("queue_fund_risk_model_job", RedisRpush.to(NightlyDataload.REDIS_CONNECTION,
                            NightlyDataload.REDIS_LIST, ctx -> FundamentalsTasks.riskJob(ctx, "fund_risk_model"))
                            .offlineToOutbox());
                    daily.then(sqs, redis);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }
}
