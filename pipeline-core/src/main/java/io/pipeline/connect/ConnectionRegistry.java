package io.pipeline.connect;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The connections configured through {@code PIPELINE_CONN_<ID>} variables. Ids are case-insensitive and kept in
 * lower case. All URIs are parsed up front so that a malformed one fails at start, naming its variable.
 */
public final class ConnectionRegistry {

    public static final String ENV_PREFIX = "PIPELINE_CONN_";

    private final Map<String, Connection> connections;

    public ConnectionRegistry(Map<String, String> environment) {
        Map<String, Connection> parsed = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                String id = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
                parsed.put(id, ConnectionUri.parse(id, value));
            }
        });
        this.connections = Collections.unmodifiableMap(parsed);
    }

    public static ConnectionRegistry fromSystemEnvironment() {
        return new ConnectionRegistry(System.getenv());
    }

    public static ConnectionRegistry empty() {
        return new ConnectionRegistry(Map.of());
    }

    public static String envName(String id) {
        return ENV_PREFIX + id.toUpperCase(Locale.ROOT);
    }

    public Optional<Connection> find(String id) {
        return Optional.ofNullable(connections.get(id.toLowerCase(Locale.ROOT)));
    }

    /** The connection; throws naming the id and the variable to set when it is not configured. */
    public Connection get(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException(
                "connection '" + id + "' is not configured (set " + envName(id) + "); configured: " + ids()));
    }

    public Set<String> ids() {
        return connections.keySet();
    }

    /** Every secret value of every connection, for log masking. */
    public Set<String> secrets() {
        Set<String> all = new java.util.LinkedHashSet<>();
        connections.values().forEach(c -> all.addAll(c.secrets()));
        return all;
    }

    @Override
    public String toString() {
        return "ConnectionRegistry" + connections.values();
    }
}
