package io.pipeline.web.db;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The connection pool's source of new connections, which waits out a database outage by trying again every
 * {@link #RETRY_INTERVAL}. HikariCP's connection creator backs off after each failed attempt, doubling from 10 ms to
 * 5 s (fixed in HikariCP), and every thread that needs a connection waits for that creator: after an outage the node
 * reached the database again only at the creator's next attempt, up to 5 s after the server accepted connections
 * (docs/decisions/crash-safety-tests.md). Here a connection the server refuses (nothing listening, the server starting
 * up or shutting down: SQLSTATE class 08 and 57P01-57P03) is tried again every {@link #RETRY_INTERVAL} until the server
 * accepts it or the pool closes, so the creator hands the pool a connection within that interval and its back-off
 * does not start. Only once a connection has been made: before that, a refused connection fails at once (a node whose
 * database is not there at start-up still stops with one clear message). Any other failure (a wrong password, a
 * missing database) is passed on at once.
 */
public final class PromptReconnectDataSource extends DelegatingDataSource {

    /** How often a refused connection is tried again while the database is away. */
    public static final Duration RETRY_INTERVAL = Duration.ofMillis(200);

    private final BooleanSupplier poolClosed;
    private volatile boolean connectedOnce;

    /**
     * @param target     makes the connections (the driver)
     * @param poolClosed true once the pool is closing: the retrying stops and the failure is passed on
     */
    public PromptReconnectDataSource(DataSource target, BooleanSupplier poolClosed) {
        super(target);
        this.poolClosed = Objects.requireNonNull(poolClosed, "poolClosed");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(() -> obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(() -> obtainTargetDataSource().getConnection(username, password));
    }

    private interface Connect {
        Connection get() throws SQLException;
    }

    private Connection connect(Connect connect) throws SQLException {
        while (true) {
            try {
                Connection c = connect.get();
                connectedOnce = true;
                return c;
            } catch (SQLException e) {
                if (!connectedOnce || !refused(e) || poolClosed.getAsBoolean()) {
                    throw e;
                }
                try {
                    Thread.sleep(RETRY_INTERVAL.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether the server refused the connection because it is not there or not ready (rather than refusing us). */
    static boolean refused(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
