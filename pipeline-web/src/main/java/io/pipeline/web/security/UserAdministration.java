package io.pipeline.web.security;

import io.pipeline.ops.Actor;
import io.pipeline.ops.AuditLog;
import io.pipeline.engine.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every change to users, for the dashboard, the CLI and the admin bootstrap: each change and its audit-log entry
 * ({@code user_create}, {@code user_delete}, {@code user_update}, naming the actor as owner and the user in
 * {@code extra}) commit together, and one INFO line says the same. Passwords and hashes are never recorded. The last
 * active Admin can be neither deleted nor demoted.
 */
public class UserAdministration {

    public static final String USER_CREATE = "user_create";
    public static final String USER_DELETE = "user_delete";
    public static final String USER_UPDATE = "user_update";
    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);

    private final UserStore users;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    public UserAdministration(UserStore users, AuditLog audit, TransactionTemplate tx) {
        this.users = users;
        this.audit = audit;
        this.tx = tx;
    }

    public Optional<UserRecord> find(String username) {
        return users.find(username);
    }

    public List<UserRecord> list() {
        return users.list();
    }

    public boolean anyActiveAdmin() {
        return users.anyActiveAdmin();
    }

    public boolean passwordMatches(UserRecord user, String rawPassword) {
        return users.passwordMatches(user, rawPassword);
    }

    /** @throws IllegalArgumentException when the name is taken or the user is invalid */
    public UserRecord create(NewUser user, Actor actor) {
        UserRecord created = tx.execute(s -> {
            UserRecord u = users.create(user);
            record(actor, USER_CREATE, user.username(), Map.of("role", user.role().displayName()));
            return u;
        });
        logChange(actor, USER_CREATE, user.username(), "created with role " + user.role().displayName());
        return created;
    }

    /** @return false when a user of that name existed already (nothing recorded then) */
    public boolean createIfAbsent(NewUser user, Actor actor) {
        boolean created = Boolean.TRUE.equals(tx.execute(s -> {
            if (!users.createIfAbsent(user)) {
                return false;
            }
            record(actor, USER_CREATE, user.username(), Map.of("role", user.role().displayName()));
            return true;
        }));
        if (created) {
            logChange(actor, USER_CREATE, user.username(), "created with role " + user.role().displayName());
        }
        return created;
    }

    /** @throws IllegalArgumentException when the user does not exist or is the last active Admin */
    public void delete(String username, Actor actor) {
        tx.executeWithoutResult(s -> {
            UserRecord user = require(username);
            requireAnotherAdmin(user, "delete");
            users.delete(username);
            record(actor, USER_DELETE, username, Map.of("role", user.role().displayName()));
        });
        logChange(actor, USER_DELETE, username, "deleted");
    }

    /** @throws IllegalArgumentException when the user does not exist, or the change would leave no active Admin */
    public void changeRole(String username, Role role, Actor actor) {
        Role from = tx.execute(s -> {
            UserRecord user = require(username);
            if (user.role() == role) {
                return role;
            }
            if (role != Role.ADMIN) {
                requireAnotherAdmin(user, "demote");
            }
            users.changeRole(username, role);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("changed", "role");
            change.put("from_role", user.role().displayName());
            change.put("role", role.displayName());
            record(actor, USER_UPDATE, username, change);
            return user.role();
        });
        if (from != role) {
            logChange(actor, USER_UPDATE, username, "role changed from " + from.displayName() + " to "
                    + role.displayName());
        }
    }

    /** An Admin's reset, or the bootstrap's. @throws IllegalArgumentException for an unknown user or a bad password */
    public void setPassword(String username, String newPassword, Actor actor) {
        tx.executeWithoutResult(s -> {
            require(username);
            users.changePassword(username, newPassword);
            record(actor, USER_UPDATE, username, Map.of("changed", "password"));
        });
        logChange(actor, USER_UPDATE, username, "password changed");
    }

    /**
     * A user changing their own password: the current one must match, the new one be given twice and differ.
     *
     * @throws IllegalArgumentException saying what was wrong
     */
    public void changeOwnPassword(Actor actor, String currentPassword, String newPassword, String repeated) {
        UserRecord user = require(actor.user());
        if (currentPassword == null || !users.passwordMatches(user, currentPassword)) {
            throw new IllegalArgumentException("the current password is wrong");
        }
        if (newPassword == null || !newPassword.equals(repeated)) {
            throw new IllegalArgumentException("the two new passwords differ");
        }
        if (newPassword.equals(currentPassword)) {
            throw new IllegalArgumentException("the new password is the current one");
        }
        setPassword(actor.user(), newPassword, actor);
    }

    private UserRecord require(String username) {
        return users.find(username)
                .orElseThrow(() -> new IllegalArgumentException("user '" + LogSafe.of(username) + "' does not exist"));
    }

    private void requireAnotherAdmin(UserRecord user, String action) {
        if (user.role() != Role.ADMIN || !user.active()) {
            return;
        }
        List<String> admins = users.lockActiveAdmins();
        if (admins.size() <= 1 && admins.contains(user.username())) {
            throw new IllegalArgumentException("cannot " + action + " user '" + user.username()
                    + "': it is the last active Admin; make another user Admin first");
        }
    }

    private void record(Actor actor, String event, String username, Map<String, ?> details) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("user", username);
        extra.putAll(details);
        audit.record(actor, event, null, null, null, null, extra, null);
    }

    private static void logChange(Actor actor, String event, String username, String what) {
        log.info("{}: user '{}' {} by {} (via {})", event, LogSafe.of(username), what, LogSafe.of(actor.user()),
                actor.via());
    }
}
