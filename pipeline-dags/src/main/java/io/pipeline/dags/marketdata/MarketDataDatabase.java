package io.pipeline.dags.marketdata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.JdbcConnections;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The database of market data when it is not the orchestrator's: the connection {@value #CONNECTION}
 * ({@code PIPELINE_CONN_MARKET_DATA_DB=postgresql://user:password@host:5432/marketdata}). Its schema is the Flyway
 * location {@value #LOCATION} (bars partitioned by month), migrated when it is opened, with its own history table.
 * Every loader and quality check of the market-data DAGs writes here when it is configured
 * ({@link MarketData#database}); without it, the orchestrator's database (tables of V30-V32) as before.
 */
public final class MarketDataDatabase implements AutoCloseable {

    public static final String CONNECTION = "market_data_db";
    public static final String LOCATION = "classpath:db/market-data";
    public static final String HISTORY_TABLE = "market_data_schema_history";

    private final DataSource dataSource;
    private final AutoCloseable owned;

    public MarketDataDatabase(DataSource dataSource) {
        this(dataSource, null);
    }

    private MarketDataDatabase(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.owned = owned;
    }

    /** Opens (a pool of at most {@code poolSize}) and migrates the connection's database, when it is configured. */
    public static Optional<MarketDataDatabase> open(ConnectionRegistry connections, int poolSize) {
        return connections.find(CONNECTION).map(c -> {
            HikariDataSource ds = new HikariDataSource(config(c, poolSize));
            try {
                migrate(ds);
            } catch (RuntimeException e) {
                ds.close();
                throw new IllegalStateException("the market-data database (" + c.maskedUri() + ") could not be migrated: "
                        + e.getMessage(), e);
            }
            return new MarketDataDatabase(ds, ds);
        });
    }

    static HikariConfig config(Connection c, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JdbcConnections.jdbcUrl(c));
        config.setUsername(c.login());
        config.setPassword(c.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setPoolName("market-data");
        return config;
    }

    /** Applies the market-data migrations; returns how many ran. */
    public static int migrate(DataSource ds) {
        return Flyway.configure().dataSource(ds).locations(LOCATION).table(HISTORY_TABLE).load().migrate()
                .migrationsExecuted;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws Exception {
        if (owned != null) {
            owned.close();
        }
    }
}
