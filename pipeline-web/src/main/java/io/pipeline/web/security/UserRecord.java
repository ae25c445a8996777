package io.pipeline.web.security;

import java.time.Instant;
import java.util.Objects;

/** A stored user. {@code passwordHash} is a BCrypt hash and is left out of {@link #toString()}. */
public record UserRecord(
        long id, String username, String passwordHash, Role role, String firstName, String lastName, String email,
        boolean active, Instant createdAt) {

    public UserRecord {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
        return "UserRecord[" + username + ", " + role.displayName() + (active ? "" : ", inactive") + "]";
    }
}
