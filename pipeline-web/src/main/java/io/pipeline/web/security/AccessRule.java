package io.pipeline.web.security;

/**
 * What a request needs, as declared by the handler that will serve it.
 *
 * @param kind    anonymous, a role, no handler (the answer will be an error: 404, 405...), or undeclared
 * @param role    the least role, for {@link Kind#ROLE}
 * @param handler the handler's name, for messages
 */
public record AccessRule(Kind kind, Role role, String handler) {

    public enum Kind { ANONYMOUS, ROLE, NO_HANDLER, UNDECLARED }

    public static AccessRule anonymous(String handler) {
        return new AccessRule(Kind.ANONYMOUS, null, handler);
    }

    public static AccessRule role(Role role, String handler) {
        return new AccessRule(Kind.ROLE, role, handler);
    }

    public static AccessRule noHandler() {
        return new AccessRule(Kind.NO_HANDLER, null, null);
    }

    public static AccessRule undeclared(String handler) {
        return new AccessRule(Kind.UNDECLARED, null, handler);
    }

    /** Whether a caller of this role (null: not logged in) may make the request. */
    public boolean allows(Role callerRole) {
        return switch (kind) {
            case ANONYMOUS, NO_HANDLER -> true;
            case ROLE -> callerRole != null && callerRole.includes(role);
            case UNDECLARED -> false;
        };
    }

    /** For a 403: "the Op role", or why nobody may. */
    public String neededText() {
        return kind == Kind.ROLE ? "the " + role.displayName() + " role"
                : "a declared role (the handler declares none; refused to everyone)";
    }
}
