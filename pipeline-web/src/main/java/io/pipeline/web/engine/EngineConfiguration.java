package io.pipeline.web.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.engine.DagImportError;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.Engine;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.engine.TaskResources;
import io.pipeline.web.config.NodeRole;
import io.pipeline.web.config.PipelineProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine's beans. The DAGs come from scanning {@code io.pipeline.dags} (a class that fails is an import error,
 * never a crash). The engine gets a plain JDBC transaction manager of its own: its hot path is JdbcClient only and
 * must not pay for a JPA EntityManager per transaction.
 */
@Configuration
public class EngineConfiguration {

    @Bean
    EngineConfig engineConfig(PipelineProperties properties) {
        Set<String> roles = properties.node().roles().stream()
                .map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return EngineConfig.defaults(properties.node().id()).withRoles(roles);
    }

    @Bean
    EngineTransactions engineTransactions(DataSource dataSource) {
        return new EngineTransactions(dataSource);
    }

    @Bean
    DagScanner.ScannedDags scannedDags() {
        return DagScanner.scan(DagScanner.DEFAULT_PACKAGE, EngineConfiguration.class.getClassLoader());
    }

    @Bean
    DagRegistry dagRegistry(DataSource dataSource, EngineTransactions engineTransactions, Clock clock,
                            EngineConfig config, DagScanner.ScannedDags scanned) {
        DagRegistry registry = new DagRegistry(JdbcClient.create(dataSource),
                engineTransactions.template(), clock, config);
        registry.load(scanned.dags(), scanned.importErrors().stream()
                .map(e -> new DagImportError(e.fileloc(), e.dagId(), e.message())).toList());
        return registry;
    }

    @Bean
    DagRunService dagRunService(DataSource dataSource, EngineTransactions engineTransactions, Clock clock,
                                DagRegistry registry) {
        return new DagRunService(JdbcClient.create(dataSource), engineTransactions.template(),
                clock, registry);
    }

    @Bean
    TaskInstanceService taskInstanceService(DataSource dataSource) {
        return new TaskInstanceService(JdbcClient.create(dataSource));
    }

    @Bean
    SecretMasker secretMasker() {
        return new SecretMasker();
    }

    @Bean
    TaskResources taskResources() {
        return TaskResources.none();
    }

    @Bean
    EngineLifecycle engineLifecycle(PipelineProperties properties, DataSource dataSource,
                                    EngineTransactions engineTransactions, Clock clock, MeterRegistry meters,
                                    EngineConfig config, DagRegistry registry,
                                    ObjectProvider<StateChangeListener> listeners, TaskResources resources,
                                    SecretMasker masker) {
        boolean runsEngine = properties.node().has(NodeRole.SCHEDULER) || properties.node().has(NodeRole.WORKER);
        Engine engine = runsEngine
                ? new Engine(dataSource, engineTransactions.manager(), clock, meters, config, registry,
                List.copyOf(listeners.orderedStream().toList()), resources, masker)
                : null;
        return new EngineLifecycle(engine);
    }
}
