package io.pipeline.web.security;

import java.util.Objects;
import java.util.regex.Pattern;

/** A user to create; validated here so that the API, CLI and bootstrap report the same errors. */
public record NewUser(String username, String password, Role role, String firstName, String lastName, String email) {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    public static final int MIN_PASSWORD_LENGTH = 8;

    public NewUser {
        Objects.requireNonNull(role, "role");
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username '" + username + "' is invalid: use 1 to 64 letters, digits"
                    + " or . _ @ -");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password of user '" + username + "' must have at least "
                    + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > 72) {
            // BCrypt ignores everything after 72 bytes; refuse rather than silently truncate.
            throw new IllegalArgumentException("password of user '" + username + "' must have at most 72 characters");
        }
    }

    public static NewUser of(String username, String password, Role role) {
        return new NewUser(username, password, role, null, null, null);
    }

    @Override
    public String toString() {
        return "NewUser[" + username + ", " + role.displayName() + "]";
    }
}
