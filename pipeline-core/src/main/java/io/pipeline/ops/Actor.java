package io.pipeline.ops;

import java.util.Objects;

/**
 * Who asked for an operation and through which door, for the audit log.
 *
 * @param user the authenticated user name (API, UI) or the OS user (CLI)
 * @param via  {@code api}, {@code cli}, {@code ui}, or {@code system} for the service's own jobs (e.g. retention)
 */
public record Actor(String user, String via) {
    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(via, "via");
        if (user.isBlank()) {
            throw new IllegalArgumentException("the acting user's name is blank");
        }
    }

    public static Actor api(String user) {
        return new Actor(user, "api");
    }

    public static Actor cli(String user) {
        return new Actor(user, "cli");
    }

    /** The service itself, e.g. the daily retention clean. */
    public static Actor system(String job) {
        return new Actor(job, "system");
    }
}
