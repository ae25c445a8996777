package io.pipeline.web.security;

import org.springframework.security.authentication.LockedException;

import java.time.Instant;

/**
 * A login refused without checking the password: too many recent failures for the user name or the client address.
 * A {@link LockedException} so that Spring Security asks no other provider.
 */
public class LoginThrottledException extends LockedException {

    private final Instant until;
    private final boolean locked;

    public LoginThrottledException(String message, Instant until, boolean locked) {
        super(message);
        this.until = until;
        this.locked = locked;
    }

    /** When a login may be tried again. */
    public Instant until() {
        return until;
    }

    /** True for a lock, false for a short wait between attempts. */
    public boolean locked() {
        return locked;
    }
}
