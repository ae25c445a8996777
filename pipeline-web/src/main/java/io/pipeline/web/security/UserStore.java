package io.pipeline.web.security;

import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Users in the {@code users} table (V20), through Spring Data JPA ({@link UserRepository}). Passwords are hashed
 * here, with the configured encoder (BCrypt). Reads are public; changes are package-private so that they go through
 * {@link UserAdministration}, which audits them.
 */
public class UserStore {

    private final UserRepository repository;
    private final PasswordEncoder encoder;
    private final Clock clock;

    UserStore(UserRepository repository, PasswordEncoder encoder, Clock clock) {
        this.repository = repository;
        this.encoder = encoder;
        this.clock = clock;
    }

    public Optional<UserRecord> find(String username) {
        return repository.findByUsername(username).map(UserEntity::toRecord);
    }

    public List<UserRecord> list() {
        return repository.findAllByOrderByUsernameAsc().stream().map(UserEntity::toRecord).toList();
    }

    /** Creates the user; throws {@link IllegalArgumentException} naming it when the name is taken. */
    UserRecord create(NewUser user) {
        if (!createIfAbsent(user)) {
            throw new IllegalArgumentException("user '" + user.username() + "' already exists");
        }
        return find(user.username()).orElseThrow();
    }

    /**
     * Creates the user unless one with that name exists (another node may be bootstrapping at the same time: the
     * insert's {@code ON CONFLICT (username) DO NOTHING} waits for the other insert and then reports 0 rows).
     */
    boolean createIfAbsent(NewUser user) {
        return repository.insertIfAbsent(user.username(), encoder.encode(user.password()), user.role().displayName(),
                user.firstName(), user.lastName(), user.email(), clock.instant()) == 1;
    }

    boolean delete(String username) {
        return repository.deleteByUsername(username) == 1;
    }

    void changePassword(String username, String rawPassword) {
        NewUser.of(username, rawPassword, Role.VIEWER); // same validation as at creation
        if (repository.updatePassword(username, encoder.encode(rawPassword), clock.instant()) == 0) {
            throw new IllegalArgumentException("user '" + username + "' does not exist");
        }
    }

    void changeRole(String username, Role role) {
        if (repository.updateRole(username, role.displayName(), clock.instant()) == 0) {
            throw new IllegalArgumentException("user '" + username + "' does not exist");
        }
    }

    /** The names of the active Admins, their rows locked until the transaction ends (two admins demoting each other). */
    List<String> lockActiveAdmins() {
        return repository.lockActiveAdmins();
    }

    public boolean passwordMatches(UserRecord user, String rawPassword) {
        return encoder.matches(rawPassword, user.passwordHash());
    }

    public boolean anyActiveAdmin() {
        return repository.anyActiveAdmin();
    }
}
