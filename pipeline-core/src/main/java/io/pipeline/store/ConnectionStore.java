package io.pipeline.store;

import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionSource;
import io.pipeline.connect.SecretCipher;
import io.pipeline.connect.SecretNames;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code connection} table, its one writer. The password and the extra are stored AES-GCM encrypted when a
 * {@link SecretCipher} key is set; without one, a connection with a password or with a secret-looking extra
 * ({@link SecretNames}) is refused ({@link SecretCipher.SecretKeyMissingException}) and the others are stored as they
 * are. As a {@link ConnectionSource} it gives tasks the stored connections behind the environment's
 * ({@code connect.ConnectionRegistry}): {@code conn_type} is the scheme, {@code schema} the path, the extra's
 * fields the extras. Callers run writes in a transaction with their audit entry ({@code ops.ManagedObjects}).
 */
public class ConnectionStore implements ConnectionSource {

    public static final Map<String, String> ORDER_COLUMNS = Map.of("connection_id", "conn_id",
            "conn_type", "conn_type", "description", "description", "host", "host", "port", "port");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RowMapper<StoredConnection> SUMMARY = (rs, n) -> new StoredConnection(
            rs.getString("conn_id"), rs.getString("conn_type"), rs.getString("description"), rs.getString("host"),
            rs.getString("schema"), rs.getString("login"), null, port(rs), null);

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    public ConnectionStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Every field but the password and the extra (null), which are not read. */
    public Page<StoredConnection> list(int limit, int offset, String orderBy, boolean descending) {
        String column = ORDER_COLUMNS.get(orderBy);
        if (column == null) {
            throw new IllegalArgumentException("cannot order connections by '" + orderBy + "'; use one of "
                    + ORDER_COLUMNS.keySet());
        }
        List<StoredConnection> items = jdbc.sql("SELECT * FROM connection ORDER BY " + column
                        + (descending ? " DESC" : "") + ", conn_id LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset).query(SUMMARY).list();
        long total = jdbc.sql("SELECT count(*) FROM connection").query(Long.class).single();
        return new Page<>(items, Math.max(total, items.size()));
    }

    /** The connection with its password and extra decrypted. */
    public Optional<StoredConnection> get(String connId) {
        return jdbc.sql("SELECT * FROM connection WHERE conn_id = :id").param("id", connId)
                .query((rs, n) -> {
                    String id = rs.getString("conn_id");
                    String password = rs.getString("password");
                    String extra = rs.getString("extra");
                    if (password != null && rs.getBoolean("is_encrypted")) {
                        password = cipher.decrypt(password, where(id, "password"));
                    }
                    if (extra != null && rs.getBoolean("is_extra_encrypted")) {
                        extra = cipher.decrypt(extra, where(id, "extra"));
                    }
                    return new StoredConnection(id, rs.getString("conn_type"), rs.getString("description"),
                            rs.getString("host"), rs.getString("schema"), rs.getString("login"), password, port(rs),
                            extra);
                })
                .optional();
    }

    /**
     * @return false when a connection of that id exists (nothing changed)
     * @throws IllegalArgumentException when the extra is not a JSON object
     * @throws SecretCipher.SecretKeyMissingException when it holds a secret and there is no key
     */
    public boolean create(StoredConnection c) {
        Sealed s = seal(c);
        return jdbc.sql("""
                        INSERT INTO connection (conn_id, conn_type, description, host, schema, login, password, port,
                                                extra, is_encrypted, is_extra_encrypted)
                        VALUES (:id, :type, :description, :host, :schema, :login, :password, :port, :extra,
                                :encrypted, :extraEncrypted)
                        ON CONFLICT (conn_id) DO NOTHING
                        """)
                .param("id", c.connId()).param("type", c.connType()).param("description", c.description())
                .param("host", c.host()).param("schema", c.schema()).param("login", c.login())
                .param("password", s.password()).param("port", c.port()).param("extra", s.extra())
                .param("encrypted", s.encrypted()).param("extraEncrypted", s.extraEncrypted())
                .update() == 1;
    }

    /** Writes every field of {@code c} over the row {@code connId} (which {@code c} may rename). */
    public boolean update(String connId, StoredConnection c) {
        Sealed s = seal(c);
        return jdbc.sql("""
                        UPDATE connection SET conn_id = :newId, conn_type = :type, description = :description,
                               host = :host, schema = :schema, login = :login, password = :password, port = :port,
                               extra = :extra, is_encrypted = :encrypted, is_extra_encrypted = :extraEncrypted
                        WHERE conn_id = :id
                        """)
                .param("id", connId).param("newId", c.connId()).param("type", c.connType())
                .param("description", c.description()).param("host", c.host()).param("schema", c.schema())
                .param("login", c.login()).param("password", s.password()).param("port", c.port())
                .param("extra", s.extra()).param("encrypted", s.encrypted())
                .param("extraEncrypted", s.extraEncrypted())
                .update() == 1;
    }

    public boolean delete(String connId) {
        return jdbc.sql("DELETE FROM connection WHERE conn_id = :id").param("id", connId).update() == 1;
    }

    /** Re-encrypts under the current key what is plain or under an older key. @return connections rewritten */
    public int reencryptAll() {
        if (!cipher.canEncrypt()) {
            return 0;
        }
        String prefix = "v1:" + cipher.currentKeyId().orElseThrow() + ":%";
        List<String> ids = jdbc.sql("""
                        SELECT conn_id FROM connection
                        WHERE (password IS NOT NULL AND (NOT is_encrypted OR password NOT LIKE :prefix))
                           OR (extra IS NOT NULL AND (NOT is_extra_encrypted OR extra NOT LIKE :prefix))
                        """)
                .param("prefix", prefix).query(String.class).list();
        int count = 0;
        for (String id : ids) {
            StoredConnection c = get(id).orElseThrow();
            count += update(id, c) ? 1 : 0;
        }
        return count;
    }

    @Override
    public Optional<Connection> find(String id) {
        Optional<StoredConnection> found = get(id);
        if (found.isEmpty() && !id.equals(id.toLowerCase(Locale.ROOT))) {
            found = get(id.toLowerCase(Locale.ROOT));
        }
        return found.map(ConnectionStore::toConnection);
    }

    @Override
    public Set<String> ids() {
        return new LinkedHashSet<>(jdbc.sql("SELECT conn_id FROM connection ORDER BY conn_id")
                .query(String.class).list());
    }

    /** The extra as a map of names to text (nested values as JSON text). */
    public static Map<String, String> extras(String extra) {
        Map<String, String> out = new LinkedHashMap<>();
        if (extra == null || extra.isBlank()) {
            return out;
        }
        JsonNode node = parseExtra(extra);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isString() ? v.asString() : v.isNull() ? "" : v.toString());
        }
        return out;
    }

    /** @throws IllegalArgumentException when {@code extra} is not a JSON object */
    public static JsonNode parseExtra(String extra) {
        JsonNode node;
        try {
            node = JSON.readTree(extra);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("extra is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("extra must be a JSON object");
        }
        return node;
    }

    /** The connection tasks see: {@code conn_type} as the scheme, {@code schema} as the path, the extra's fields. */
    public static Connection toConnection(StoredConnection c) {
        return new Connection(c.connId(), c.connType().toLowerCase(Locale.ROOT), c.login(), c.password(), c.host(),
                c.port() == null ? -1 : c.port(), c.schema(), extras(c.extra()));
    }

    private Sealed seal(StoredConnection c) {
        Map<String, String> extras = extras(c.extra());
        boolean secretExtra = extras.keySet().stream().anyMatch(SecretNames::isSecret);
        boolean hasPassword = c.password() != null && !c.password().isEmpty();
        if (!cipher.canEncrypt()) {
            if (hasPassword || secretExtra) {
                throw new SecretCipher.SecretKeyMissingException();
            }
            return new Sealed(c.password(), c.extra(), false, false);
        }
        String password = c.password() == null ? null : cipher.encrypt(c.password(), where(c.connId(), "password"));
        String extra = c.extra() == null ? null : cipher.encrypt(c.extra(), where(c.connId(), "extra"));
        return new Sealed(password, extra, password != null, extra != null);
    }

    private static String where(String connId, String field) {
        return "connection:" + connId + ":" + field;
    }

    private static Integer port(ResultSet rs) throws SQLException {
        int port = rs.getInt("port");
        return rs.wasNull() ? null : port;
    }

    private record Sealed(String password, String extra, boolean encrypted, boolean extraEncrypted) {
    }
}
