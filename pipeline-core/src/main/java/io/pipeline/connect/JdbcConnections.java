package io.pipeline.connect;

/** JDBC settings from {@code postgresql://user:password@host:port/database?sslmode=require}. */
public final class JdbcConnections {

    private JdbcConnections() {
    }

    /** The JDBC URL without credentials; extras become URL parameters. */
    public static String jdbcUrl(Connection c) {
        AwsClients.requireScheme(c, "postgresql", "postgres");
        if (!c.hasHost()) {
            throw new IllegalArgumentException("connection '" + c.id() + "' has no database host");
        }
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(c.host());
        if (c.port() >= 0) {
            b.append(':').append(c.port());
        }
        b.append('/').append(c.path());
        String sep = "?";
        for (var e : new java.util.TreeMap<>(c.extras()).entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return b.toString();
    }
}
