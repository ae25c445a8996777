package io.pipeline.store;

import io.pipeline.connect.SecretCipher;
import io.pipeline.connect.SecretNames;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code variable} table, its one writer. With a {@link SecretCipher} key every value is stored encrypted
 * (AES-GCM, bound to its key); without one, values are stored as they are, except those of secret-looking keys
 * ({@link SecretNames}), which are refused ({@link SecretCipher.SecretKeyMissingException}) rather than kept in
 * plain text. Callers run writes in a transaction with their audit entry ({@code ops.ManagedObjects}).
 */
public class VariableStore {

    public static final Map<String, String> ORDER_COLUMNS = Map.of("key", "key", "description", "description");

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    public VariableStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Keys and descriptions; values are left out (null) and not decrypted. */
    public Page<VariableRow> list(int limit, int offset, String orderBy, boolean descending) {
        String column = ORDER_COLUMNS.get(orderBy);
        if (column == null) {
            throw new IllegalArgumentException("cannot order variables by '" + orderBy + "'; use one of "
                    + ORDER_COLUMNS.keySet());
        }
        List<VariableRow> items = jdbc.sql("SELECT key, description, is_encrypted FROM variable ORDER BY " + column
                        + (descending ? " DESC" : "") + ", key LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset)
                .query((rs, n) -> new VariableRow(rs.getString("key"), null, rs.getString("description"),
                        rs.getBoolean("is_encrypted")))
                .list();
        long total = jdbc.sql("SELECT count(*) FROM variable").query(Long.class).single();
        return new Page<>(items, Math.max(total, items.size()));
    }

    /** The variable with its value decrypted. */
    public Optional<VariableRow> find(String key) {
        return jdbc.sql("SELECT key, val, description, is_encrypted FROM variable WHERE key = :key")
                .param("key", key)
                .query((rs, n) -> {
                    boolean encrypted = rs.getBoolean("is_encrypted");
                    String stored = rs.getString("val");
                    return new VariableRow(rs.getString("key"),
                            encrypted ? cipher.decrypt(stored, where(rs.getString("key"))) : stored,
                            rs.getString("description"), encrypted);
                })
                .optional();
    }

    /** Just the value, for {@code ctx.variable(key)}. */
    public Optional<String> value(String key) {
        return find(key).map(VariableRow::value);
    }

    /**
     * Creates or replaces a variable.
     *
     * @return true when it was created, false when it replaced one
     * @throws SecretCipher.SecretKeyMissingException for a secret-looking key when there is no key to encrypt with
     */
    public boolean put(String key, String value, String description) {
        Stored stored = seal(key, value);
        Boolean inserted = jdbc.sql("""
                        INSERT INTO variable (key, val, description, is_encrypted)
                        VALUES (:key, :val, :description, :encrypted)
                        ON CONFLICT (key) DO UPDATE SET val = excluded.val, description = excluded.description,
                            is_encrypted = excluded.is_encrypted
                        RETURNING (xmax = 0)
                        """)
                .param("key", key).param("val", stored.text()).param("description", description)
                .param("encrypted", stored.encrypted())
                .query(Boolean.class).single();
        return inserted;
    }

    /** @return false when there is no such variable */
    public boolean delete(String key) {
        return jdbc.sql("DELETE FROM variable WHERE key = :key").param("key", key).update() == 1;
    }

    /**
     * Re-encrypts under the current key every value stored in plain text or under an older key (after a key is set
     * for the first time or rotated). @return how many values were rewritten
     */
    public int reencryptAll() {
        if (!cipher.canEncrypt()) {
            return 0;
        }
        int count = 0;
        List<String> keys = jdbc.sql("SELECT key FROM variable WHERE NOT is_encrypted OR NOT val LIKE :prefix")
                .param("prefix", "v1:" + cipher.currentKeyId().orElseThrow() + ":%").query(String.class).list();
        for (String key : keys) {
            VariableRow row = find(key).orElseThrow();
            Stored stored = seal(key, row.value());
            count += jdbc.sql("UPDATE variable SET val = :val, is_encrypted = true WHERE key = :key")
                    .param("key", key).param("val", stored.text()).update();
        }
        return count;
    }

    private Stored seal(String key, String value) {
        if (cipher.canEncrypt()) {
            return new Stored(cipher.encrypt(value, where(key)), true);
        }
        if (SecretNames.isSecret(key)) {
            throw new SecretCipher.SecretKeyMissingException();
        }
        return new Stored(value, false);
    }

    private static String where(String key) {
        return "variable:" + key;
    }

    private record Stored(String text, boolean encrypted) {
    }
}
