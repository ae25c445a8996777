package io.pipeline.web.ui;

import io.pipeline.web.security.Role;

import java.util.Optional;
import java.util.Set;

/**
 * The one table of who may use what under {@code /ui} (Airflow's roles, as {@code ApiPermissions} for the API):
 * every page and read endpoint needs a login (Viewer); a change needs User; backfills need Op; users and connections
 * need Admin. The filter chain enforces it, and the pages use the same table to show only the allowed controls.
 */
public final class UiPermissions {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private UiPermissions() {
    }

    /** The least role that may make this request; empty for the login page and static assets. */
    public static Optional<Role> required(String method, String path) {
        if (path.startsWith("/ui/assets/") || path.equals("/login") || path.equals("/logout")) {
            return Optional.empty();
        }
        boolean read = READ_METHODS.contains(method);
        if (under(path, "/ui/users") || under(path, "/ui/connections")) {
            return Optional.of(Role.ADMIN);
        }
        // The forms themselves are for those who may submit them.
        if (path.matches("/ui/dags/[^/]+/backfill(/.*)?") || !read && under(path, "/ui/backfills")) {
            return Optional.of(Role.OP);
        }
        if (path.matches("/ui/dags/[^/]+/trigger")) {
            return Optional.of(Role.USER);
        }
        return Optional.of(read ? Role.VIEWER : Role.USER);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
