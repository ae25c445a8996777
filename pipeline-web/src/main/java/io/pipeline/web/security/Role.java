package io.pipeline.web.security;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Airflow's roles, each including the one before it: Viewer reads; User also triggers, clears, marks and pauses;
 * Op also runs backfills and manages connections and pools; Admin also manages users.
 */
public enum Role {
    VIEWER("Viewer"), USER("User"), OP("Op"), ADMIN("Admin");

    private final String displayName;

    Role(String displayName) {
        this.displayName = displayName;
    }

    /** The stored and displayed name, e.g. {@code Op}. */
    public String displayName() {
        return displayName;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** Parses a role name case-insensitively; the error lists the valid names. */
    public static Role of(String name) {
        for (Role r : values()) {
            if (r.displayName.equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; valid roles: "
                + Arrays.stream(values()).map(Role::displayName).collect(Collectors.joining(", ")));
    }

    /** The role of a {@code ROLE_*} authority, or null for any other authority. */
    public static Role ofAuthority(String authority) {
        for (Role r : values()) {
            if (r.authority().equals(authority)) {
                return r;
            }
        }
        return null;
    }
}
