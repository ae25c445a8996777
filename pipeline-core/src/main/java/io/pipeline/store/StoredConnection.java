package io.pipeline.store;

/**
 * A connection stored in the database, in Airflow's fields. {@code password} and {@code extra} are plain text
 * (decrypted); in listings both are null (not read). {@code extra} is a JSON object as text, or null.
 */
public record StoredConnection(String connId, String connType, String description, String host, String schema,
                               String login, String password, Integer port, String extra) {

    public StoredConnection withoutSecrets() {
        return new StoredConnection(connId, connType, description, host, schema, login, null, port, null);
    }

    @Override
    public String toString() {
        return "StoredConnection[" + connId + " " + connType + " " + host + "]";
    }
}
