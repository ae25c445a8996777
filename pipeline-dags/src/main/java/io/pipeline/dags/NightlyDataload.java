package io.pipeline.dags;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.FundamentalsTasks;
import io.pipeline.dags.marketdata.MarketData;
import io.pipeline.schedule.Schedules;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.builtin.IsTradingSession;
import io.pipeline.task.builtin.TimeSensor;
import io.pipeline.task.io.RedisRpush;
import io.pipeline.task.io.SqsSend;

import java.time.Duration;
import java.time.LocalDate;

/**
 * The nightly load, in the shape of Quantopian's: only the latest run goes on, only on NYSE sessions, not before
 * 09:00 New York, then wait for the vendor's fundamentals file, ingest it, derive the daily fundamentals and queue
 * the risk-model jobs on SQS and Redis with the session and the inputs' locations.
 * <p>
 * With a {@code vendor_drop} connection the sensor and the ingest look in the vendor's bucket. Offline (no
 * {@code vendor_drop}, {@code risk_sqs}, {@code risk_redis} connections) a simulated vendor file is written to the
 * application's object store for the sensor to find, and the queue messages go to its {@code outbox/} folder.
 */
public final class NightlyDataload implements DagDefinition {

    public static final String DAG_ID = "nightly_dataload";
    public static final String SQS_CONNECTION = "risk_sqs";
    public static final String SQS_QUEUE = "risk-metrics-jobs";
    public static final String REDIS_CONNECTION = "risk_redis";
    public static final String REDIS_LIST = "jobs:fund_risk_model";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("Nightly: wait for the vendor's fundamentals, ingest, derive daily fundamentals, queue risk models")
                .owner("market-data")
                .tags("market-data", "fundamentals", "risk")
                .schedule(Schedules.cron("0 6 * * *", "America/New_York"))
                .startDate(LocalDate.of(2025, 1, 2), "America/New_York")
                .catchup(false)
                .maxActiveRuns(1)
                .params(MarketDataParams.common())
                .defaults(d -> d.retries(2).retryDelay(Duration.ofMinutes(5)))
                .tasks(b -> {
                    TaskRef latest = b.latestOnly("latest_only");
                    TaskRef marketDay = b.shortCircuit("is_market_day", new IsTradingSession(MarketData.CALENDAR));
                    TaskRef nine = b.sensor("wait_until_9", TimeSensor.at("09:00", "America/New_York"),
                            SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(12)));
                    TaskRef drop = b.task("simulate_vendor_drop", FundamentalsTasks::simulateVendorDrop);
                    TaskRef file = b.sensor("wait_for_vendor_file", FundamentalsTasks::pokeVendorFile,
                            SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(8)));
                    TaskRef ingest = b.task("ingest_fundamentals", FundamentalsTasks::ingest);
                    TaskRef daily = b.task("daily_fundamentals", FundamentalsTasks::daily);
                    TaskRef sqs = b.task("queue_risk_metrics_job", SqsSend.to(SQS_CONNECTION, SQS_QUEUE,
                            ctx -> FundamentalsTasks.riskJob(ctx, "risk_metrics")).offlineToOutbox());
                    TaskRef redis = b.task("queue_fund_risk_model_job", RedisRpush.to(REDIS_CONNECTION, REDIS_LIST,
                            ctx -> FundamentalsTasks.riskJob(ctx, "fund_risk_model")).offlineToOutbox());
                    latest.then(marketDay).then(nine).then(drop).then(file).then(ingest).then(daily).then(sqs, redis);
                })
                .alerts(DagAlerts.onRetryAndFailure(), DagAlerts.onEveryOutcome("ingest_fundamentals"))
                .build();
    }
}
