package io.pipeline.dags.marketdata;

import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.Partitioning;
import io.pipeline.schedule.SessionTime;

import java.time.Duration;

/**
 * The market-data tables as datasets, partitioned by the XNYS sessions: the loads produce them, {@code risk_models}
 * waits for them. {@code bars_1d} and {@code fundamentals} have freshness deadlines: a session's partition still
 * missing then is recorded as late and alerted (through {@code daily_bars}' and {@code nightly_dataload}'s alert
 * policies).
 */
public final class MarketDataDatasets {

    /**
     * End-of-day bars of a session ({@code daily_bars}, which starts 30 min after the close), due 45 min after the
     * session's close (early closes included).
     */
    public static final Dataset BARS_1D = Dataset.of("postgres://marketdata/public/bars_1d")
            .partitionedBy(Partitioning.sessionsOf(MarketData.CALENDAR))
            .freshBy(SessionTime.close().plus(Duration.ofMinutes(45)));

    /** One-minute bars of a session ({@code intraday_prices}, an event for each fetched session). */
    public static final Dataset BARS_1M = Dataset.of("postgres://marketdata/public/bars_1m")
            .partitionedBy(Partitioning.sessionsOf(MarketData.CALENDAR));

    /**
     * The vendor's fundamentals of a session ({@code nightly_dataload}, from 09:00 New York on the session day once
     * the vendor's file is there), due by the session's close so that the risk models of the session run on time.
     */
    public static final Dataset FUNDAMENTALS = Dataset.of("postgres://marketdata/public/fundamentals")
            .partitionedBy(Partitioning.sessionsOf(MarketData.CALENDAR))
            .freshBy(SessionTime.close());

    private MarketDataDatasets() {
    }
}
