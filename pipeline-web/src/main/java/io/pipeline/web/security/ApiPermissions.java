package io.pipeline.web.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of who may call what under {@code /api/v1} (Airflow's role model). Used both to authorise requests
 * and to say in a 403 which role was needed.
 */
public final class ApiPermissions {

    private static final String BASE = "/api/v1";
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final List<String> PUBLIC = List.of("/health", "/openapi.json");
    private static final List<String> ADMIN_ONLY = List.of("/users", "/roles", "/permissions");
    private static final List<String> OP_ONLY = List.of("/connections", "/variables", "/config");
    // Re-sending undeliverable alerts (after fixing the configuration) is an operator's job.
    private static final List<String> OP_TO_CHANGE = List.of("/backfills", "/pools", "/alerts");

    private ApiPermissions() {
    }

    /** The least role that may make this request; empty when the path is public. */
    public static Optional<Role> required(String method, String path) {
        String p = path.startsWith(BASE) ? path.substring(BASE.length()) : path;
        boolean read = READ_METHODS.contains(method);
        if (read && PUBLIC.contains(p)) {
            return Optional.empty();
        }
        if (under(p, ADMIN_ONLY)) {
            return Optional.of(Role.ADMIN);
        }
        if (under(p, OP_ONLY) || !read && under(p, OP_TO_CHANGE)) {
            return Optional.of(Role.OP);
        }
        return Optional.of(read ? Role.VIEWER : Role.USER);
    }

    private static boolean under(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
