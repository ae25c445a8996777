package io.pipeline.web.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.alert.AlertRules;
import io.pipeline.alert.config.AlertConfiguration;
import io.pipeline.alert.config.AlertProperties;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.SecretNames;
import io.pipeline.engine.DagImportError;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.Engine;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.ExternalResourceListener;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.engine.TaskLimits;
import io.pipeline.engine.TaskResources;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.ObjectStores;
import io.pipeline.store.ConnectionStore;
import io.pipeline.store.ImportErrorQueries;
import io.pipeline.store.NodeRepository;
import io.pipeline.store.Stores;
import io.pipeline.store.VariableStore;
import io.pipeline.task.Variables;
import io.pipeline.web.config.NodeRole;
import io.pipeline.web.config.PipelineProperties;
import io.pipeline.web.config.RunModes;
import io.pipeline.web.config.TaskLimitsProperties;
import io.pipeline.web.production.ProductionGuard;
import io.pipeline.task.TaskSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine's beans. The DAGs come from scanning {@code io.pipeline.dags} (a class that fails is an import error,
 * never a crash). The engine gets a plain JDBC transaction manager of its own: its hot path is JdbcClient only and
 * must not pay for a JPA EntityManager per transaction. Alerts ({@link AlertConfiguration}) join in as a
 * {@code StateChangeListener}.
 */
@Configuration
@Import(AlertConfiguration.class)
public class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    /**
     * {@code pipeline.node.*}: roles, queues, worker concurrency, heartbeat interval and lost threshold; and
     * {@code pipeline.dags.paused-on-creation}.
     */
    @Bean
    EngineConfig engineConfig(PipelineProperties properties, RunModes modes) {
        PipelineProperties.Node node = properties.node();
        Set<String> roles = node.roles().stream()
                .map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        // A worker node also holds deferred waits, so that the contract's default roles (scheduler,worker,web) run a
        // triggerer; the triggerer role runs one on a node without the worker role.
        if (node.has(NodeRole.WORKER)) {
            roles.add("triggerer");
        }
        EngineConfig defaults = EngineConfig.defaults(node.id());
        return defaults.withRoles(roles).withQueues(node.queues()).withWorkerConcurrency(node.workerConcurrency())
                .withIntervals(defaults.schedulerInterval(), defaults.claimPollInterval(), node.heartbeatInterval(),
                        node.lostThreshold())
                .withPausedAtCreation(modes.dags().pausedOnCreation());
    }

    /** The repositories and state gates, built once; every service and read gets them from here. */
    @Bean
    Stores stores(DataSource dataSource) {
        return Stores.create(JdbcClient.create(dataSource));
    }

    @Bean
    NodeRepository nodeRepository(Stores stores) {
        return stores.nodes();
    }

    @Bean
    ImportErrorQueries importErrorQueries(Stores stores) {
        return stores.importErrors();
    }

    @Bean
    EngineTransactions engineTransactions(DataSource dataSource) {
        return new EngineTransactions(dataSource);
    }

    /**
     * The DAGs on the class path; the examples only with {@code pipeline.load-examples}. The scan begun at the
     * context's start ({@link EarlyDagScan}) when there is one, else a scan now.
     */
    @Bean
    DagScanner.ScannedDags scannedDags(RunModes modes, ObjectProvider<EarlyDagScan.Started> early) {
        EarlyDagScan.Started started = early.getIfAvailable();
        long began = System.nanoTime();
        DagScanner.ScannedDags scanned = started == null ? null : started.result(modes.loadExamples());
        if (scanned == null) {
            return DagScanner.scan(DagScanner.DEFAULT_PACKAGE, EngineConfiguration.class.getClassLoader(),
                    modes.loadExamples());
        }
        log.info("waited {} ms for the DAG scan begun at the start", (System.nanoTime() - began) / 1_000_000);
        return scanned;
    }

    /** Also registers each DAG's alert policies (before the engine starts, so that no state change misses them). */
    /** Writes the DAGs to the {@code dag} table as it is built, so Flyway must have run first. */
    @Bean
    @DependsOnDatabaseInitialization
    DagRegistry dagRegistry(Stores stores, EngineTransactions engineTransactions, Clock clock,
                            EngineConfig config, DagScanner.ScannedDags scanned, ObjectProvider<AlertRules> alerts,
                            ObjectProvider<ProductionGuard> productionGuard) {
        // created first: the production profile refuses to start before any DAG is written
        productionGuard.getIfAvailable();
        DagRegistry registry = new DagRegistry(stores,
                engineTransactions.template(), clock, config);
        long began = System.nanoTime();
        registry.load(scanned.dags(), scanned.importErrors().stream()
                .map(e -> new DagImportError(e.fileloc(), e.dagId(), e.message())).toList());
        log.info("synced {} DAGs to the database in {} ms", scanned.dags().size(),
                (System.nanoTime() - began) / 1_000_000);
        alerts.ifAvailable(rules -> scanned.dags().forEach(d -> rules.register(d.dagId(), d.alertPolicies())));
        return registry;
    }

    @Bean
    DagRunService dagRunService(Stores stores, EngineTransactions engineTransactions, Clock clock,
                                DagRegistry registry) {
        return new DagRunService(stores, engineTransactions.template(),
                clock, registry);
    }

    @Bean
    io.pipeline.engine.DatasetService datasetService(Stores stores, EngineTransactions engineTransactions,
                                                     Clock clock, DagRegistry registry) {
        return new io.pipeline.engine.DatasetService(stores, engineTransactions.template(), clock, registry);
    }

    @Bean
    TaskInstanceService taskInstanceService(Stores stores) {
        return new TaskInstanceService(stores);
    }

    /**
     * Requests the release of external resources (EMR clusters...) when their TIs are cleared, marked or end; a bean
     * so that the operations' state changes reach it as well as the engine's.
     */
    @Bean
    ExternalResourceListener externalResourceListener(Stores stores, DagRegistry registry) {
        return new ExternalResourceListener(stores, registry);
    }

    /**
     * {@code PIPELINE_CONN_*} connections (Airflow's {@code AIRFLOW_CONN_*} convention), then the stored ones
     * ({@code /api/v1/connections}); the environment wins. A stored connection's secrets join the log masker when a
     * task looks it up.
     */
    @Bean
    ConnectionRegistry connectionRegistry(ConnectionStore stored, ObjectProvider<SecretMasker> masker) {
        return ConnectionRegistry.fromSystemEnvironment()
                .withStored(stored, c -> masker.getObject().registerAll(c.secrets()));
    }

    /** The S3 store of the {@code object_store} connection, else files under {@code <data-dir>/objects}. */
    @Bean
    ObjectStore objectStore(ConnectionRegistry connections, PipelineProperties properties) {
        return ObjectStores.create(connections, properties.dataDir());
    }

    /** Masks every connection secret and the alert notifiers' token and webhook URLs in task logs. */
    @Bean
    SecretMasker secretMasker(ConnectionRegistry connections, AlertProperties alerts) {
        SecretMasker masker = new SecretMasker();
        masker.registerAll(connections.secrets());
        masker.registerAll(alerts.secrets());
        return masker;
    }

    /** What tasks reach through {@code ctx.resource(type)}. */
    @Bean
    TaskResources taskResources(ConnectionRegistry connections, ObjectStore objectStore, DataSource dataSource,
                                VariableStore variables, SecretMasker masker, RunModes modes) {
        Variables taskVariables = key -> {
            Optional<String> value = variables.value(key);
            if (SecretNames.isSecret(key)) {
                value.ifPresent(masker::register);
            }
            return value;
        };
        return TaskResources.none()
                .register(TaskSettings.class,
                        new TaskSettings(Map.of(RunModes.PROVIDER_PROPERTY, modes.marketData().provider())))
                .register(ConnectionRegistry.class, connections)
                .register(Variables.class, taskVariables)
                .register(ObjectStore.class, objectStore)
                .register(DataSource.class, dataSource);
    }

    @Bean
    EngineLifecycle engineLifecycle(PipelineProperties properties, DataSource dataSource, Stores stores,
                                    EngineTransactions engineTransactions, Clock clock, MeterRegistry meters,
                                    EngineConfig config, DagRegistry registry,
                                    ObjectProvider<StateChangeListener> listeners, TaskResources resources,
                                    SecretMasker masker, TaskLimitsProperties taskLimits) {
        boolean runsEngine = properties.node().has(NodeRole.SCHEDULER) || properties.node().has(NodeRole.WORKER)
                || properties.node().has(NodeRole.TRIGGERER);
        WebNodePresence web = properties.node().has(NodeRole.WEB)
                ? new WebNodePresence(stores.nodes(), config.nodeId(), clock,
                properties.node().heartbeatInterval())
                : null;
        if (!runsEngine) {
            return new EngineLifecycle(null, properties.node().shutdownGrace(), web);
        }
        TaskLimits limits = taskLimits.limits();
        return new EngineLifecycle(() -> new Engine(dataSource, stores, engineTransactions.manager(), clock, meters, config,
                registry, List.copyOf(listeners.orderedStream().toList()), resources, masker, limits),
                properties.node().shutdownGrace(), web);
    }
}
