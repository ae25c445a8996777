package io.pipeline.connect;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The connections configured through {@code PIPELINE_CONN_<ID>} variables, then those of a {@link ConnectionSource}
 * (the database's, managed through the API). The environment wins: a stored connection of the same id is not seen.
 * Environment ids are case-insensitive and kept in lower case. All environment URIs are parsed up front so that a
 * malformed one fails at start, naming its variable; stored ones are read on each lookup, so a change through the
 * API reaches the next task without a restart, and the lookup hook (the log masker) sees their secrets.
 */
public final class ConnectionRegistry {

    public static final String ENV_PREFIX = "PIPELINE_CONN_";

    private final Map<String, Connection> connections;
    private final ConnectionSource stored;
    private final Consumer<Connection> onStoredLookup;

    public ConnectionRegistry(Map<String, String> environment) {
        this(environment, ConnectionSource.none(), c -> { });
    }

    private ConnectionRegistry(ConnectionSource stored, Consumer<Connection> onStoredLookup,
                               Map<String, Connection> parsed) {
        this.connections = parsed;
        this.stored = stored;
        this.onStoredLookup = onStoredLookup;
    }

    /**
     * @param stored         connections looked up when the environment has none of the id
     * @param onStoredLookup called with each stored connection found (e.g. to mask its secrets in logs)
     */
    public ConnectionRegistry(Map<String, String> environment, ConnectionSource stored,
                              Consumer<Connection> onStoredLookup) {
        this.stored = stored;
        this.onStoredLookup = onStoredLookup;
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
        Connection fromEnvironment = connections.get(id.toLowerCase(Locale.ROOT));
        if (fromEnvironment != null) {
            return Optional.of(fromEnvironment);
        }
        Optional<Connection> found = stored.find(id);
        found.ifPresent(onStoredLookup);
        return found;
    }

    /** The same environment connections, with {@code source} behind them. */
    public ConnectionRegistry withStored(ConnectionSource source, Consumer<Connection> onLookup) {
        return new ConnectionRegistry(source, onLookup, connections);
    }

    /** Whether the environment defines {@code id} (and so hides a stored connection of that id). */
    public boolean inEnvironment(String id) {
        return connections.containsKey(id.toLowerCase(Locale.ROOT));
    }

    /** The connection; throws naming the id and the variable to set when it is not configured. */
    public Connection get(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException(
                "connection '" + id + "' is not configured (set " + envName(id) + " or store it through"
                        + " /api/v1/connections); configured: " + ids()));
    }

    /** The environment's ids, then the stored ones. */
    public Set<String> ids() {
        Set<String> all = new java.util.LinkedHashSet<>(connections.keySet());
        all.addAll(stored.ids());
        return all;
    }

    /** Every secret value of every environment connection, for log masking (stored ones: the lookup hook). */
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
