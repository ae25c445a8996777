package io.pipeline.web.security;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Users in the {@code users} table (V20). Passwords are hashed here, with the configured encoder (BCrypt). Reads are
 * public; changes are package-private so that they go through {@link UserAdministration}, which audits them.
 */
public class UserStore {

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;

    public UserStore(DataSource dataSource, PasswordEncoder encoder, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.encoder = encoder;
        this.clock = clock;
    }

    public Optional<UserRecord> find(String username) {
        return jdbc.sql("SELECT * FROM users WHERE username = :username")
                .param("username", username)
                .query(UserStore::map)
                .optional();
    }

    public List<UserRecord> list() {
        return jdbc.sql("SELECT * FROM users ORDER BY username").query(UserStore::map).list();
    }

    /** Creates the user; throws {@link IllegalArgumentException} naming it when the name is taken. */
    UserRecord create(NewUser user) {
        if (!createIfAbsent(user)) {
            throw new IllegalArgumentException("user '" + user.username() + "' already exists");
        }
        return find(user.username()).orElseThrow();
    }

    /** Creates the user unless one with that name exists (another node may be bootstrapping at the same time). */
    boolean createIfAbsent(NewUser user) {
        Timestamp now = Timestamp.from(clock.instant());
        try {
            return jdbc.sql("""
                            INSERT INTO users (username, password_hash, role, first_name, last_name, email, active,
                                               created_at, changed_at)
                            VALUES (:username, :hash, :role, :first, :last, :email, TRUE, :now, :now)
                            ON CONFLICT (username) DO NOTHING""")
                    .param("username", user.username())
                    .param("hash", encoder.encode(user.password()))
                    .param("role", user.role().displayName())
                    .param("first", user.firstName())
                    .param("last", user.lastName())
                    .param("email", user.email())
                    .param("now", now)
                    .update() == 1;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    boolean delete(String username) {
        return jdbc.sql("DELETE FROM users WHERE username = :username").param("username", username).update() == 1;
    }

    void changePassword(String username, String rawPassword) {
        NewUser.of(username, rawPassword, Role.VIEWER); // same validation as at creation
        int updated = jdbc.sql("UPDATE users SET password_hash = :hash, changed_at = :now WHERE username = :username")
                .param("hash", encoder.encode(rawPassword))
                .param("now", Timestamp.from(clock.instant()))
                .param("username", username)
                .update();
        if (updated == 0) {
            throw new IllegalArgumentException("user '" + username + "' does not exist");
        }
    }

    void changeRole(String username, Role role) {
        int updated = jdbc.sql("UPDATE users SET role = :role, changed_at = :now WHERE username = :username")
                .param("role", role.displayName())
                .param("now", Timestamp.from(clock.instant()))
                .param("username", username)
                .update();
        if (updated == 0) {
            throw new IllegalArgumentException("user '" + username + "' does not exist");
        }
    }

    /** The names of the active Admins, their rows locked until the transaction ends (two admins demoting each other). */
    List<String> lockActiveAdmins() {
        return jdbc.sql("SELECT username FROM users WHERE role = 'Admin' AND active ORDER BY id FOR UPDATE")
                .query(String.class).list();
    }

    public boolean passwordMatches(UserRecord user, String rawPassword) {
        return encoder.matches(rawPassword, user.passwordHash());
    }

    public boolean anyActiveAdmin() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM users WHERE role = 'Admin' AND active)")
                .query(Boolean.class).single();
    }

    private static UserRecord map(ResultSet rs, int row) throws SQLException {
        return new UserRecord(
                rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                Role.of(rs.getString("role")), rs.getString("first_name"), rs.getString("last_name"),
                rs.getString("email"), rs.getBoolean("active"), rs.getTimestamp("created_at").toInstant());
    }
}
