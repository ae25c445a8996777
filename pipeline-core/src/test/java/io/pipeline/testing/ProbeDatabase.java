package io.pipeline.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Locale;
import java.util.Map;

/**
 * The probes' database: a connection pool of {@code poolSize} on an embedded server the probe configured (it must
 * preload pg_stat_statements), migrated by Flyway, with the pg_stat_statements extension created.
 */
public final class ProbeDatabase {

    private ProbeDatabase() {
    }

    /** An embedded server for a probe: pg_stat_statements preloaded, fsync off, 128 MB of shared buffers. */
    public static EmbeddedPostgres server() throws java.io.IOException {
        return EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("fsync", "off").setServerConfig("shared_buffers", "128MB")
                .start();
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

    /**
     * Prints the current database's top {@code limit} statements from pg_stat_statements, ordered by {@code orderBy}
     * ({@code calls} or {@code total_exec_time}), each scaled by {@code per} (e.g. 1000 / TIs) and labelled "PROBE
     * {@code unit}", the query cut to {@code width} characters.
     */
    public static void printStatements(JdbcClient jdbc, String orderBy, int limit, double per, String unit,
                                       int width) {
        if (!orderBy.equals("calls") && !orderBy.equals("total_exec_time")) {
            throw new IllegalArgumentException("order statements by calls or total_exec_time, not " + orderBy);
        }
        jdbc.sql("""
                SELECT calls, total_exec_time, rows, shared_blks_hit + shared_blks_read AS blocks,
                       regexp_replace(query, '\\s+', ' ', 'g') AS query
                FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY %s DESC LIMIT %d""".formatted(orderBy, limit)).query(rs -> {
            String q = rs.getString("query");
            System.out.printf(Locale.ROOT, "PROBE %s %7.2f calls | %7.3f ms | %7.2f rows | %7.1f blks | %s%n",
                    unit, rs.getLong("calls") * per, rs.getDouble("total_exec_time") * per,
                    rs.getLong("rows") * per, rs.getLong("blocks") * per,
                    q.length() > width ? q.substring(0, width) : q);
        });
    }
}
