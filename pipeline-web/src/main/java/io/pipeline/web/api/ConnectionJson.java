package io.pipeline.web.api;

import io.pipeline.connect.SecretNames;
import io.pipeline.store.ConnectionStore;
import io.pipeline.store.StoredConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Airflow's {@code Connection} as read: never the password; in {@code extra}, the values of secret-looking fields
 * ({@code connect.SecretNames}) are {@code ***}.
 */
public record ConnectionJson(String connectionId, String connType, String description, String host, String login,
                             String schema, Integer port, String extra) {

    static final String MASK = "***";

    /** Airflow's {@code ConnectionCollectionItem}. */
    public record Item(String connectionId, String connType, String description, String host, String login,
                       String schema, Integer port) {
    }

    public record Collection(List<Item> connections, long totalEntries) {
    }

    /** Airflow's {@code ConnectionTest}. */
    public record Test(boolean status, String message) {
    }

    static Item item(StoredConnection c) {
        return new Item(c.connId(), c.connType(), c.description(), c.host(), c.login(), c.schema(), c.port());
    }

    static ConnectionJson of(StoredConnection c) {
        return new ConnectionJson(c.connId(), c.connType(), c.description(), c.host(), c.login(), c.schema(),
                c.port(), maskedExtra(c.extra()));
    }

    static String maskedExtra(String extra) {
        if (extra == null) {
            return null;
        }
        JsonNode node;
        try {
            node = ConnectionStore.parseExtra(extra);
        } catch (IllegalArgumentException e) {
            return MASK;
        }
        ObjectNode masked = (ObjectNode) node;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (SecretNames.isSecret(e.getKey())) {
                masked.put(e.getKey(), MASK);
            }
        }
        return masked.toString();
    }
}
