package io.pipeline.dags.marketdata;

import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.Partitioning;

/**
 * The market-data tables as datasets, partitioned by the XNYS sessions: the loads produce them, {@code risk_models}
 * waits for them.
 */
public final class MarketDataDatasets {

    /** End-of-day bars of a session ({@code daily_bars}). */
    public static final Dataset BARS_1D = Dataset.of("postgres://marketdata/public/bars_1d")
            .partitionedBy(Partitioning.sessionsOf(MarketData.CALENDAR));

    /** One-minute bars of a session ({@code intraday_prices}, an event for each fetched session). */
    public static final Dataset BARS_1M = Dataset.of("postgres://marketdata/public/bars_1m")
            .partitionedBy(Partitioning.sessionsOf(MarketData.CALENDAR));

    /** The vendor's fundamentals of a session ({@code nightly_dataload}). */
    public static final Dataset FUNDAMENTALS = Dataset.of("postgres://marketdata/public/fundamentals")
            .partitionedBy(Partitioning.sessionsOf(MarketData.CALENDAR));

    private MarketDataDatasets() {
    }
}
