package io.pipeline.web.engine;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.engine.TaskResources;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DAG modules' resources are added at start from the application's configuration: the market-data provider of
 * pipeline-dags (on the class path at run time) is one, and a bad value stops the start naming the allowed ones.
 */
class TaskResourceConfigurationTest {

    private final TaskResources resources = TaskResources.none()
            .register(ConnectionRegistry.class, new ConnectionRegistry(Map.of()));

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(TaskResourceConfiguration.class)
                .withBean(TaskResources.class, () -> resources);
    }

    @Test
    void the_market_data_provider_is_settled_at_start() {
        runner().run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(TaskResourceConfiguration.Contributions.class).opened()).isNotEmpty();
            Class<?> settings = Class.forName("io.pipeline.dags.marketdata.MarketDataSettings");
            assertThat(resources.get(settings).toString()).isEqualTo("MarketDataSettings[provider=SIMULATED]");
        });
    }

    @Test
    void an_unknown_provider_stops_the_start_naming_the_allowed_values() {
        runner().withPropertyValues("pipeline.market-data.provider=bloomberg").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause()
                    .hasMessageContaining("pipeline.market-data.provider (PIPELINE_MARKET_DATA_PROVIDER) is 'bloomberg'")
                    .hasMessageContaining("allowed values are simulated, eodhd, polygon, tiingo, alphavantage");
        });
    }
}
