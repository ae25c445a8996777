package io.pipeline.dags;

import io.pipeline.dag.ParamSpec;
import io.pipeline.dags.marketdata.MarketData;

/** The params every market-data DAG declares, so that a run's conf can point at another tickers file. */
final class MarketDataParams {

    private MarketDataParams() {
    }

    static ParamSpec[] common() {
        return new ParamSpec[] {
                ParamSpec.string(MarketData.TICKERS_FILE).withDefault("")
                        .describedAs("path of the tickers CSV (symbol,exchange[,name]); empty for the shipped sample"),
                ParamSpec.integer(MarketData.MAX_INVALID_TICKERS).withDefault(0)
                        .describedAs("invalid rows tolerated in the tickers file before the task fails"),
                ParamSpec.integer(MarketData.SIM_SEED).withDefault(42)
                        .describedAs("seed of the simulated provider, used when no provider connection is set"),
                ParamSpec.object("dq_policy").withDefault(java.util.Map.of())
                        .describedAs("quality check -> fail|warn, e.g. {\"missing_minutes\": \"fail\"}")
        };
    }
}
