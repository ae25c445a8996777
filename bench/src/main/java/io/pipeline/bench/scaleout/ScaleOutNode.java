package io.pipeline.bench.scaleout;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.store.Stores;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.Engine;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.TaskResources;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One node of the scale-out benchmark, in its own JVM: the engine (scheduler and worker) on the given database with
 * the benchmark's DAGs. Prints {@code ready} once started; stops cleanly when its standard input closes.
 * Arguments: JDBC URL, node id, worker slots.
 */
public final class ScaleOutNode {

    private ScaleOutNode() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(args[0]);
        hc.setUsername("postgres");
        hc.setPassword("postgres");
        hc.setMaximumPoolSize(8);
        hc.setPoolName(args[1]);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            Clock clock = Clock.systemUTC();
            DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
            EngineConfig config = EngineConfig.defaults(args[1]).withQuartz(false)
                    .withWorkerConcurrency(Integer.parseInt(args[2]))
                    .withIntervals(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
                            Duration.ofSeconds(60));
            Stores stores = Stores.create(JdbcClient.create(ds));
            DagRegistry registry = new DagRegistry(stores, new TransactionTemplate(txm), clock, config);
            registry.load(ScaleOutDags.all(), List.of());
            Engine engine = new Engine(ds, stores, txm, clock, new SimpleMeterRegistry(), config, registry, List.of(),
                    TaskResources.none(), new SecretMasker());
            engine.start();
            System.out.println("ready");
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // runs until the benchmark closes our standard input
            }
            engine.stop(Duration.ofSeconds(10));
        }
    }
}
