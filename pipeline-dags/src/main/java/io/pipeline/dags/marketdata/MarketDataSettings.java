package io.pipeline.dags.marketdata;

import java.util.Objects;

/**
 * The provider the application chose ({@link Vendor#PROPERTY}); handed to tasks as a resource. Where none is
 * registered (tests, tools) the market-data tasks use the simulated provider.
 */
public record MarketDataSettings(Vendor provider) {

    public MarketDataSettings {
        Objects.requireNonNull(provider, "provider");
    }
}
