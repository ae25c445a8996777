package io.pipeline.web.production;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.store.NodeRepository;
import io.pipeline.web.config.PipelineProperties;
import io.pipeline.web.config.RunModes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Checks the configuration at start-up. With the {@code production} profile active, any cause of
 * {@link ProductionReadiness} stops the start ({@link ProductionRefusedException}) before a DAG is written or the
 * engine runs; without it, the same causes are only logged once.
 */
public final class ProductionGuard {

    public static final String PROFILE = "production";
    private static final Logger log = LoggerFactory.getLogger(ProductionGuard.class);

    private final List<String> causes;

    public ProductionGuard(Environment environment, RunModes modes, PipelineProperties properties,
                           ConnectionRegistry connections, NodeRepository nodes, Clock clock) {
        String nodeId = properties.node().id();
        Instant cutoff = clock.instant().minus(properties.node().lostThreshold());
        int others = (int) nodes.list().stream()
                .filter(n -> !n.nodeId().equals(nodeId))
                .filter(n -> "running".equals(n.state()) || "stopping".equals(n.state()))
                .filter(n -> n.heartbeatAt() != null && n.heartbeatAt().isAfter(cutoff))
                .count();
        ProductionReadiness readiness = new ProductionReadiness(environment.getProperty("spring.datasource.url"),
                modes.marketData().provider(), connections.ids(), properties.admin().password() != null
                && !properties.admin().password().isBlank(), others);
        this.causes = readiness.causes();
        if (environment.acceptsProfiles(Profiles.of(PROFILE))) {
            if (!causes.isEmpty()) {
                throw new ProductionRefusedException(causes);
            }
            log.info("production profile: configuration checked, nothing unsafe");
        } else if (!causes.isEmpty()) {
            log.info("not fit for production (fine for trying things out; SPRING_PROFILES_ACTIVE=production would"
                    + " refuse to start): {}", String.join("; ", causes));
        }
    }

    public List<String> causes() {
        return causes;
    }
}
