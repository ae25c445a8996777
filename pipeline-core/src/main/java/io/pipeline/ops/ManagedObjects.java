package io.pipeline.ops;

import io.pipeline.store.ConnectionStore;
import io.pipeline.store.PoolRow;
import io.pipeline.store.PoolStore;
import io.pipeline.store.StoredConnection;
import io.pipeline.store.VariableRow;
import io.pipeline.store.VariableStore;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to pools, variables and stored connections, for the API, the UI and the CLI: each change is one
 * transaction with its audit entry (Airflow's event names: {@code pool.create}, {@code variable.edit},
 * {@code connection.delete}, ...). The entries name the object and the fields given, never a value of a variable,
 * a password or an extra. Reads go straight to the stores.
 */
public class ManagedObjects {

    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final PoolStore pools;
    private final VariableStore variables;
    private final ConnectionStore connections;

    public ManagedObjects(TransactionTemplate tx, AuditLog audit, PoolStore pools, VariableStore variables,
                          ConnectionStore connections) {
        this.tx = tx;
        this.audit = audit;
        this.pools = pools;
        this.variables = variables;
        this.connections = connections;
    }

    public PoolStore pools() {
        return pools;
    }

    public VariableStore variables() {
        return variables;
    }

    public ConnectionStore connections() {
        return connections;
    }

    // ---- pools --------------------------------------------------------------------------------------------------

    /** @throws OpsConflictException when a pool of that name exists */
    public PoolRow createPool(String name, int slots, String description, boolean includeDeferred, Actor actor) {
        requireSlots(slots);
        return tx.execute(s -> {
            if (!pools.create(name, slots, description, includeDeferred)) {
                throw new OpsConflictException("Pool '" + name + "' already exists");
            }
            record(actor, "pool.create", Map.of("pool", name, "slots", slots, "include_deferred", includeDeferred));
            return pools.find(name).orElseThrow();
        });
    }

    /**
     * Writes the pool's fields (a rename when {@code newName} differs).
     *
     * @param fields the fields the caller changed, for the audit entry
     * @throws ObjectNotFoundException   when there is no such pool
     * @throws IllegalArgumentException  when renaming {@code default_pool} or slots are negative
     * @throws OpsConflictException      when renaming a pool that unfinished task instances name, or onto another
     */
    public PoolRow updatePool(String name, String newName, int slots, String description, boolean includeDeferred,
                              List<String> fields, Actor actor) {
        requireSlots(slots);
        if (PoolRow.DEFAULT_POOL.equals(name) && !name.equals(newName)) {
            throw new IllegalArgumentException("Default Pool's name can't be modified");
        }
        return tx.execute(s -> {
            pools.lockAndCountActive(name).orElseThrow(() -> poolNotFound(name));
            if (!name.equals(newName)) {
                int unfinished = pools.countUnfinished(name);
                if (unfinished > 0) {
                    throw new OpsConflictException("Pool '" + name + "' cannot be renamed: " + unfinished
                            + " unfinished task instance(s) use it");
                }
                if (pools.find(newName).isPresent()) {
                    throw new OpsConflictException("Pool '" + newName + "' already exists");
                }
            }
            pools.update(name, newName, slots, description, includeDeferred);
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put("pool", name);
            scope.put("fields", fields);
            if (!name.equals(newName)) {
                scope.put("new_name", newName);
            }
            scope.put("slots", slots);
            record(actor, "pool.edit", scope);
            return pools.find(newName).orElseThrow();
        });
    }

    /**
     * @throws IllegalArgumentException for {@code default_pool}
     * @throws OpsConflictException     naming the count when task instances of the pool are queued or running
     */
    public void deletePool(String name, Actor actor) {
        if (PoolRow.DEFAULT_POOL.equals(name)) {
            throw new IllegalArgumentException("Default Pool can't be deleted");
        }
        tx.executeWithoutResult(s -> {
            int active = pools.lockAndCountActive(name).orElseThrow(() -> poolNotFound(name));
            if (active > 0) {
                throw new OpsConflictException("Pool '" + name + "' has " + active
                        + " queued or running task instance(s); it can be deleted once they finish");
            }
            pools.delete(name);
            record(actor, "pool.delete", Map.of("pool", name));
        });
    }

    // ---- variables ----------------------------------------------------------------------------------------------

    /**
     * Creates or replaces a variable.
     *
     * @throws io.pipeline.connect.SecretCipher.SecretKeyMissingException for a secret-looking key without a key
     */
    public VariableRow putVariable(String key, String value, String description, Actor actor) {
        return tx.execute(s -> {
            boolean created = variables.put(key, value, description);
            record(actor, created ? "variable.create" : "variable.edit", Map.of("key", key));
            return variables.find(key).orElseThrow();
        });
    }

    /** @throws ObjectNotFoundException when there is no such variable */
    public VariableRow updateVariable(String key, String value, String description, List<String> fields,
                                      Actor actor) {
        return tx.execute(s -> {
            if (variables.find(key).isEmpty()) {
                throw new ObjectNotFoundException("Variable '" + key + "' does not exist");
            }
            variables.put(key, value, description);
            record(actor, "variable.edit", Map.of("key", key, "fields", fields));
            return variables.find(key).orElseThrow();
        });
    }

    public void deleteVariable(String key, Actor actor) {
        tx.executeWithoutResult(s -> {
            if (!variables.delete(key)) {
                throw new ObjectNotFoundException("Variable '" + key + "' does not exist");
            }
            record(actor, "variable.delete", Map.of("key", key));
        });
    }

    // ---- connections --------------------------------------------------------------------------------------------

    /** @throws OpsConflictException when a connection of that id exists */
    public StoredConnection createConnection(StoredConnection c, Actor actor) {
        return tx.execute(s -> {
            if (!connections.create(c)) {
                throw new OpsConflictException("Connection '" + c.connId() + "' already exists");
            }
            record(actor, "connection.create", connectionScope(c.connId(), c, null));
            return connections.get(c.connId()).orElseThrow();
        });
    }

    /** Writes every field of {@code c} over connection {@code connId}. */
    public StoredConnection updateConnection(String connId, StoredConnection c, List<String> fields, Actor actor) {
        return tx.execute(s -> {
            if (connections.get(connId).isEmpty()) {
                throw new ObjectNotFoundException("Connection '" + connId + "' does not exist");
            }
            if (!connId.equals(c.connId()) && connections.get(c.connId()).isPresent()) {
                throw new OpsConflictException("Connection '" + c.connId() + "' already exists");
            }
            connections.update(connId, c);
            record(actor, "connection.edit", connectionScope(connId, c, fields));
            return connections.get(c.connId()).orElseThrow();
        });
    }

    public void deleteConnection(String connId, Actor actor) {
        tx.executeWithoutResult(s -> {
            if (!connections.delete(connId)) {
                throw new ObjectNotFoundException("Connection '" + connId + "' does not exist");
            }
            record(actor, "connection.delete", Map.of("connection_id", connId));
        });
    }

    /** Rewrites under the current key every secret stored in plain text or under an older key. */
    public int reencryptAll() {
        Integer n = tx.execute(s -> variables.reencryptAll() + connections.reencryptAll());
        return n == null ? 0 : n;
    }

    /** What an audit entry may say of a connection: ids, type, host, port, the fields given; no secrets. */
    private static Map<String, Object> connectionScope(String connId, StoredConnection c, List<String> fields) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("connection_id", connId);
        if (!connId.equals(c.connId())) {
            scope.put("new_connection_id", c.connId());
        }
        scope.put("conn_type", c.connType());
        if (c.host() != null) {
            scope.put("host", c.host());
        }
        if (fields != null) {
            scope.put("fields", fields);
        }
        return scope;
    }

    private void record(Actor actor, String event, Map<String, ?> scope) {
        audit.record(actor, event, null, null, null, null, scope, null);
    }

    private static ObjectNotFoundException poolNotFound(String name) {
        return new ObjectNotFoundException("Pool '" + name + "' does not exist");
    }

    private static void requireSlots(int slots) {
        if (slots < 0) {
            throw new IllegalArgumentException("Field 'slots' must be 0 or more, got " + slots);
        }
    }
}
