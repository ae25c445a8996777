package io.pipeline.web.db;

import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connects once to the configured database before anything else uses it, so that an unreachable server gives one
 * clear error naming host and port rather than a pool's stack trace. The password is passed to the driver only.
 */
public final class DatabasePreflight {

    static final String ACTION = "Check spring.datasource.url / SPRING_DATASOURCE_URL (and the username and password),"
            + " and that PostgreSQL is running and reachable from this host. Unset SPRING_DATASOURCE_URL to use the"
            + " embedded PostgreSQL in the data directory.";

    private DatabasePreflight() {
    }

    public static void check(String url, String username, String password) {
        Properties target = Driver.parseURL(url, null);
        if (target == null) {
            throw new DatabaseUnavailableException("spring.datasource.url is not a PostgreSQL JDBC URL"
                    + " (expected jdbc:postgresql://HOST:PORT/DATABASE)", ACTION);
        }
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        if (target.getProperty("connectTimeout") == null) {
            props.setProperty("connectTimeout", "5");
        }
        try (Connection ignored = new Driver().connect(url, props)) {
            // reachable and the credentials work
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(describe(target, username, e), ACTION);
        }
    }

    static String describe(Properties target, String username, SQLException e) {
        String hosts = target.getProperty("PGHOST", "localhost");
        String ports = target.getProperty("PGPORT", "5432");
        return "Cannot connect to the database at " + hostPorts(hosts, ports)
                + " (database " + target.getProperty("PGDBNAME", "?")
                + (username == null ? "" : ", user " + username) + "): " + reason(e);
    }

    private static String hostPorts(String hosts, String ports) {
        String[] h = hosts.split(",");
        String[] p = ports.split(",");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < h.length; i++) {
            out.append(i == 0 ? "" : ", ").append(h[i]).append(':').append(p[Math.min(i, p.length - 1)]);
        }
        return out.toString();
    }

    /** The driver's message plus the root cause when it says more (e.g. an unknown host). */
    private static String reason(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return message;
    }
}
