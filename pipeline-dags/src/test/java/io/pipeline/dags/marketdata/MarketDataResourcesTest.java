package io.pipeline.dags.marketdata;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.engine.TaskResourceContributor;
import io.pipeline.engine.TaskResources;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider and the market-data database as the application settles them at start. */
class MarketDataResourcesTest {

    private static TaskResources resources(Map<String, String> env) {
        return TaskResources.none().register(ConnectionRegistry.class, new ConnectionRegistry(env));
    }

    @Test
    void the_application_finds_it_and_the_default_is_simulated_on_the_orchestrators_database() throws Exception {
        assertThat(ServiceLoader.load(TaskResourceContributor.class).stream().map(p -> p.type().getName()))
                .contains(MarketDataResources.class.getName());
        TaskResources resources = resources(Map.of());

        try (AutoCloseable opened = new MarketDataResources().contribute(name -> null, resources)) {
            assertThat(resources.get(MarketDataSettings.class).provider()).isEqualTo(Vendor.SIMULATED);
            assertThatThrownBy(() -> resources.get(MarketDataDatabase.class)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void an_unknown_provider_or_a_vendor_without_its_connection_is_refused_naming_what_to_set() {
        assertThatThrownBy(() -> new MarketDataResources().contribute(
                Map.of(Vendor.PROPERTY, "bloomberg")::get, resources(Map.of())))
                .hasMessageContaining("'bloomberg'")
                .hasMessageContaining("allowed values are simulated, eodhd, polygon, tiingo, alphavantage");
        assertThatThrownBy(() -> new MarketDataResources().contribute(
                Map.of(Vendor.PROPERTY, "polygon")::get, resources(Map.of())))
                .hasMessageContaining("PIPELINE_CONN_POLYGON=https://API_KEY@api.polygon.io");
    }

    @Test
    void a_vendor_and_a_market_data_database_are_handed_to_tasks_the_database_migrated() throws Exception {
        try (HikariDataSource empty = TestDatabase.emptyDatabase("market_data_resources", 2)) {
            String uri = empty.getJdbcUrl().replace("jdbc:postgresql://", "postgresql://"
                    + empty.getUsername() + ":" + empty.getPassword() + "@");
            TaskResources resources = resources(Map.of("PIPELINE_CONN_TIINGO", "https://KEY@api.tiingo.com",
                    "PIPELINE_CONN_MARKET_DATA_DB", uri));

            try (AutoCloseable opened = new MarketDataResources().contribute(Map.of(Vendor.PROPERTY, "Tiingo")::get, resources)) {
                assertThat(resources.get(MarketDataSettings.class).provider()).isEqualTo(Vendor.TIINGO);
                try (Connection c = resources.get(MarketDataDatabase.class).dataSource().getConnection();
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_partitioned_table"
                             + " WHERE partrelid IN ('bars_1m'::regclass, 'bars_1d'::regclass)")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
        }
    }
}
