package io.pipeline.web.production;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each unsafe setting is a cause of its own, naming what to set; a complete configuration has none. */
class ProductionReadinessTest {

    private static final Set<String> ALL_CONNECTIONS = Set.of("vendor_drop", "risk_sqs", "risk_redis", "object_store");

    private static ProductionReadiness safe() {
        return new ProductionReadiness("jdbc:postgresql://db:5432/pipeline", "polygon", ALL_CONNECTIONS, true, 2);
    }

    @Test
    void a_complete_configuration_has_no_cause() {
        assertThat(safe().causes()).isEmpty();
    }

    @Test
    void the_embedded_postgresql_is_a_cause() {
        assertThat(new ProductionReadiness(" ", "polygon", ALL_CONNECTIONS, true, 0).causes()).singleElement()
                .satisfies(c -> assertThat(c).contains("embedded PostgreSQL").contains("SPRING_DATASOURCE_URL"));
    }

    @Test
    void the_simulated_provider_is_a_cause_also_when_unset() {
        for (String provider : new String[]{"simulated", null}) {
            assertThat(new ProductionReadiness("jdbc:postgresql://db/p", provider, ALL_CONNECTIONS, true, 0).causes())
                    .singleElement().satisfies(c -> assertThat(c).contains("'simulated'")
                            .contains("PIPELINE_MARKET_DATA_PROVIDER"));
        }
    }

    @Test
    void the_vendor_drop_simulation_is_a_cause() {
        assertThat(without("vendor_drop", 0)).singleElement()
                .satisfies(c -> assertThat(c).contains("simulate_vendor_drop").contains("PIPELINE_CONN_VENDOR_DROP"));
    }

    @Test
    void the_file_outbox_is_one_cause_naming_each_missing_queue_connection() {
        assertThat(without("risk_sqs", 0)).singleElement()
                .satisfies(c -> assertThat(c).contains("file outbox").contains("PIPELINE_CONN_RISK_SQS")
                        .doesNotContain("REDIS"));
        assertThat(new ProductionReadiness("jdbc:postgresql://db/p", "polygon", Set.of("vendor_drop", "object_store"),
                true, 0).causes()).singleElement()
                .satisfies(c -> assertThat(c).contains("PIPELINE_CONN_RISK_SQS and PIPELINE_CONN_RISK_REDIS"));
    }

    @Test
    void a_local_object_store_is_a_cause_only_while_other_nodes_are_registered() {
        assertThat(without("object_store", 0)).isEmpty();
        assertThat(without("object_store", 1)).singleElement()
                .satisfies(c -> assertThat(c).contains("local to this node").contains("1 other node")
                        .contains("PIPELINE_CONN_OBJECT_STORE"));
    }

    @Test
    void a_missing_admin_password_is_a_cause() {
        assertThat(new ProductionReadiness("jdbc:postgresql://db/p", "polygon", ALL_CONNECTIONS, false, 0).causes())
                .singleElement().satisfies(c -> assertThat(c).contains("PIPELINE_ADMIN_PASSWORD"));
    }

    @Test
    void the_laptop_defaults_name_every_cause_at_once() {
        assertThat(new ProductionReadiness(null, "simulated", Set.of(), false, 1).causes()).hasSize(6);
    }

    private static java.util.List<String> without(String connection, int otherNodes) {
        Set<String> ids = new java.util.HashSet<>(ALL_CONNECTIONS);
        ids.remove(connection);
        return new ProductionReadiness("jdbc:postgresql://db/p", "polygon", ids, true, otherNodes).causes();
    }
}
