package io.pipeline.web.production;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.store.NodeRepository;
import io.pipeline.web.config.PipelineProperties;
import io.pipeline.web.config.RunModes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;

/** The start-up check of the service (not of CLI commands, which {@code pipeline doctor} covers). */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProductionConfiguration {

    /** Reads the node table, so Flyway must have run first. */
    @Bean
    @DependsOnDatabaseInitialization
    ProductionGuard productionGuard(Environment environment, RunModes modes, PipelineProperties properties,
                                    ConnectionRegistry connections, NodeRepository nodes, Clock clock) {
        return new ProductionGuard(environment, modes, properties, connections, nodes, clock);
    }
}
