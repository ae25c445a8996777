package io.pipeline.web.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The explicit modes of a deployment (see docs/decisions/deployment.md):
 *
 * @param loadExamples {@code pipeline.load-examples} / {@code PIPELINE_LOAD_EXAMPLES} (Airflow's {@code load_examples}):
 *                     whether the {@code example_*} and {@code stress_*} DAGs load; the market-data DAGs always do
 * @param marketData   {@code pipeline.market-data.*}
 * @param dags         {@code pipeline.dags.*}
 */
@ConfigurationProperties("pipeline")
public record RunModes(@DefaultValue("true") boolean loadExamples,
                       @DefaultValue MarketData marketData,
                       @DefaultValue Dags dags) {

    public static final String SIMULATED = "simulated";
    public static final String PROVIDER_PROPERTY = "pipeline.market-data.provider";

    /** @param provider {@code PIPELINE_MARKET_DATA_PROVIDER}: {@value #SIMULATED} (default) or a vendor's name */
    public record MarketData(@DefaultValue(SIMULATED) String provider) {
        public MarketData {
            provider = provider == null || provider.isBlank() ? SIMULATED : provider.strip();
        }

        public boolean simulated() {
            return SIMULATED.equals(provider);
        }
    }

    /**
     * @param pausedOnCreation {@code PIPELINE_DAGS_PAUSED_ON_CREATION} (Airflow's {@code dags_are_paused_at_creation}):
     *                         whether a DAG seen for the first time starts paused; default false, true in the
     *                         {@code production} profile (application-production.properties)
     */
    public record Dags(@DefaultValue("false") boolean pausedOnCreation) {
    }
}
