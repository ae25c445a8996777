package io.pipeline.web.nodes;

import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.NodeRegistry;
import io.pipeline.store.NodeRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The node registry, judging nodes lost by the same threshold after which their running tries are reaped. */
@Configuration
public class NodesWebConfiguration {

    @Bean
    NodeRegistry nodeRegistry(NodeRepository nodes, Clock clock, EngineConfig config) {
        return new NodeRegistry(nodes, clock, config.zombieThreshold());
    }
}
