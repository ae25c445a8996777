package io.pipeline.web.ui;

import io.pipeline.ops.Actor;
import io.pipeline.web.security.HandlerAuthorizationManager;
import io.pipeline.web.security.Role;
import org.springframework.security.core.Authentication;

/**
 * The logged-in user as the templates see it: which controls to show. The handlers' declared roles ({@link io.pipeline.web.security.RequiresRole})
 * enforces the same rules on every request, so a hidden control is never the only guard.
 */
public record UiUser(String name, Role role) {

    public static UiUser of(Authentication authentication) {
        Role role = HandlerAuthorizationManager.roleOf(authentication);
        return role == null ? null : new UiUser(authentication.getName(), role);
    }

    /** Trigger, clear, mark, pause, delete runs. */
    public boolean canAct() {
        return role.includes(Role.USER);
    }

    public boolean canBackfill() {
        return role.includes(Role.OP);
    }

    public boolean isAdmin() {
        return role.includes(Role.ADMIN);
    }

    public String roleName() {
        return role.displayName();
    }

    public Actor actor() {
        return new Actor(name, "ui");
    }
}
