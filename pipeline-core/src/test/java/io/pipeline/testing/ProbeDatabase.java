package io.pipeline.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;

/**
 * The probes' database: a connection pool of {@code poolSize} on an embedded server the probe configured (it must
 * preload pg_stat_statements), migrated by Flyway, with the pg_stat_statements extension created.
 */
public final class ProbeDatabase {

    private ProbeDatabase() {
    }

    public static HikariDataSource migrated(EmbeddedPostgres pg, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        hc.setMaximumPoolSize(poolSize);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                    .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate();
            JdbcClient.create(ds).sql("CREATE EXTENSION pg_stat_statements").update();
            return ds;
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }
}
