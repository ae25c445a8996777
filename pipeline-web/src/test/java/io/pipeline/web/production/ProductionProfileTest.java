package io.pipeline.web.production;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.store.NodeRepository;
import io.pipeline.testing.TestDatabase;
import io.pipeline.web.PipelineApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code SPRING_PROFILES_ACTIVE=production} with the laptop defaults: the service refuses to start, naming every
 * cause at once, before it writes a single DAG. (The embedded-PostgreSQL cause is covered by
 * {@link ProductionReadinessTest}: this test gives the service an external database to count the nodes in.)
 */
class ProductionProfileTest {

    @TempDir
    Path dataDir;

    @Test
    void the_production_profile_refuses_to_start_naming_each_unsafe_default() {
        HikariDataSource ds = TestDatabase.migratedDatabase(ProductionProfileTest.class.getSimpleName(), 2);
        String url = ds.getJdbcUrl();
        NodeRepository nodes = new NodeRepository(JdbcClient.create(ds));
        nodes.register("other-node", "elsewhere", List.of("worker"), List.of("default"), 4, Instant.now());

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(PipelineApplication.class)
                .profiles("production")
                .properties("spring.datasource.url=" + url, "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres", "server.port=0", "pipeline.data-dir=" + dataDir,
                        "pipeline.node.id=prod-test-node")
                .run().close());

        ProductionRefusedException refused = refusal(failure);
        assertThat(refused.causes()).hasSize(5);
        assertThat(refused.getMessage()).contains("production profile refuses to start: 5 unsafe setting(s)")
                .contains("market-data provider is 'simulated'")
                .contains("simulate_vendor_drop")
                .contains("file outbox").contains("PIPELINE_CONN_RISK_SQS and PIPELINE_CONN_RISK_REDIS")
                .contains("object store is local to this node").contains("1 other node")
                .contains("no admin password is set")
                .doesNotContain("embedded PostgreSQL");
        assertThat(JdbcClient.create(ds).sql("SELECT count(*) FROM dag").query(Long.class).single())
                .as("no DAG written").isZero();
    }

    private static ProductionRefusedException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProductionRefusedException refused) {
                return refused;
            }
        }
        throw new AssertionError("expected a production refusal, got " + failure, failure);
    }
}
