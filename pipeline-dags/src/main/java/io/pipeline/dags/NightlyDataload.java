package io.pipeline.dags;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.marketdata.MarketDataDatasets;
import io.pipeline.dags.marketdata.FundamentalsTasks;
import io.pipeline.dags.marketdata.MarketData;
import io.pipeline.schedule.Schedules;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.builtin.IsTradingSession;
import io.pipeline.task.builtin.TimeSensor;

import java.time.Duration;
import java.time.LocalDate;

/**
 * The nightly load, in the shape of Quantopian's: only the latest run goes on, only on NYSE sessions, not before
 * 09:00 New York, then wait for the vendor's fundamentals file and ingest it: the session's {@code fundamentals}
 * (dataset {@link MarketDataDatasets#FUNDAMENTALS}). The daily fundamentals and the risk-model jobs are
 * {@code risk_models}', which runs once the session's bars are in too. One run per XNYS session (partition key: the
 * session); the ingest waits for the previous session's (depends_on_past), so that the series has no gap.
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
                .description("Nightly per XNYS session: wait for the vendor's fundamentals and ingest them")
                .owner("market-data")
                .tags("market-data", "fundamentals", "risk")
                .schedule(Schedules.onSessions(MarketData.CALENDAR).at("06:00", "America/New_York"))
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
                    // A session's fundamentals only after the previous session's: no gap in the series.
                    TaskRef ingest = b.task("ingest_fundamentals", FundamentalsTasks::ingest)
                            .produces(MarketDataDatasets.FUNDAMENTALS).dependsOnPast(true);
                    latest.then(marketDay).then(nine).then(drop).then(file).then(ingest);
                })
                .alerts(DagAlerts.onRetryAndFailure(), DagAlerts.onEveryOutcome("ingest_fundamentals"))
                .build();
    }
}
