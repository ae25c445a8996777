package io.pipeline.dags.marketdata;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.engine.TaskResourceContributor;
import io.pipeline.engine.TaskResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The market-data provider and database, settled when the application starts and handed to tasks: the provider of
 * {@value Vendor#PROPERTY} ({@value Vendor#ENV}; an unknown name, or a vendor whose connection is missing, stops the
 * start with a message naming what to set), and the database of the connection {@value MarketDataDatabase#CONNECTION},
 * migrated from its own Flyway location before the engine starts.
 */
public final class MarketDataResources implements TaskResourceContributor {

    private static final Logger log = LoggerFactory.getLogger(MarketDataResources.class);
    /** The market-data pool of a node: loads and checks at once. */
    static final int POOL_SIZE = 10;
    private static final List<String> VENDOR_CONNECTIONS = List.of(Vendor.LEGACY_EOD_CONNECTION,
            Vendor.LEGACY_INTRADAY_CONNECTION, "eodhd", "polygon", "tiingo", "alphavantage");

    @Override
    public AutoCloseable contribute(Function<String, String> settings, TaskResources resources) {
        ConnectionRegistry connections = resources.get(ConnectionRegistry.class);
        Vendor vendor = Vendor.parse(settings.apply(Vendor.PROPERTY));
        vendor.requireConnection(connections);
        if (vendor == Vendor.SIMULATED) {
            List<String> ignored = VENDOR_CONNECTIONS.stream().filter(id -> connections.find(id).isPresent()).toList();
            if (!ignored.isEmpty()) {
                log.warn("market data is simulated although connection(s) {} are configured: set {} to the vendor's"
                        + " name (one of {})", ignored, Vendor.ENV, Vendor.allowed());
            }
        }
        Optional<MarketDataDatabase> database = MarketDataDatabase.open(connections, POOL_SIZE);
        resources.register(MarketDataSettings.class, new MarketDataSettings(vendor));
        database.ifPresent(db -> resources.register(MarketDataDatabase.class, db));
        log.info("market data: provider {}, database {}", vendor.id(), database.isPresent()
                ? "of the connection " + MarketDataDatabase.CONNECTION + " (migrated)" : "of the orchestrator");
        return () -> {
            if (database.isPresent()) {
                database.get().close();
            }
        };
    }
}
