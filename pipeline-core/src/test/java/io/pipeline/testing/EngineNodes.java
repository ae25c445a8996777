package io.pipeline.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.store.Stores;
import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.Engine;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.engine.TaskResources;
import io.pipeline.store.DagRunRow;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several engines in one JVM on one real database, as separate nodes would run them: each with its own node id,
 * DAG registry, worker and scheduler threads. As a JUnit extension ({@code @RegisterExtension static final
 * EngineNodes nodes = new EngineNodes();}) it makes a fresh database for the test class and stops the engines a test
 * started after each test.
 */
public final class EngineNodes implements BeforeAllCallback, AfterEachCallback {

    private final List<Engine> engines = new ArrayList<>();
    private DataSource ds;

    @Override
    public void beforeAll(ExtensionContext context) {
        ds = TestDatabase.migratedDatabase(context.getRequiredTestClass().getSimpleName(), 40);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        engines.forEach(e -> e.stop(Duration.ofSeconds(5)));
        engines.clear();
    }

    /** A scheduler and worker node with quick passes and heartbeats (1 s; lost after 10 s), Quartz off. */
    public static EngineConfig node(String nodeId) {
        return EngineConfig.defaults(nodeId).withQuartz(false).withIntervals(Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    /** Builds and starts an engine for this configuration with these DAGs loaded. */
    public Engine start(EngineConfig config, Dag... dags) {
        DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
        DagRegistry registry = new DagRegistry(Stores.create(JdbcClient.create(ds)), new TransactionTemplate(txm), Clock.systemUTC(),
                config);
        registry.load(List.of(dags), List.of());
        Engine e = new Engine(ds, Stores.create(JdbcClient.create(ds)), txm, Clock.systemUTC(), new SimpleMeterRegistry(), config, registry, List.of(),
                TaskResources.none(), new SecretMasker());
        engines.add(e);
        e.start();
        return e;
    }

    /** Triggers a manual run through this engine's registry and wakes it. */
    public DagRunRow trigger(Engine e, String dagId) {
        DagRunRow run = new DagRunService(Stores.create(JdbcClient.create(ds)), new TransactionTemplate(
                new DataSourceTransactionManager(ds)), Clock.systemUTC(), e.components().registry())
                .trigger(dagId, null, null, null, null);
        e.wake();
        return run;
    }

    public TaskInstanceService instances() {
        return new TaskInstanceService(Stores.create(JdbcClient.create(ds)));
    }

    public DataSource dataSource() {
        return ds;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(ds);
    }
}
