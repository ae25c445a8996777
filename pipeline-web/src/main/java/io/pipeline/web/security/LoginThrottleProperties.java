package io.pipeline.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pipeline.security.login.*}: how failed logins (dashboard form and API Basic alike) are slowed down and then
 * locked. After half of {@code max-failures} failures each further one makes the next attempt wait, starting at
 * {@code delay} and doubling (at most 30 s); at {@code max-failures} the user name is locked for
 * {@code lock-duration}. A client address is treated the same with {@code max-failures-per-address}. Failures older
 * than {@code lock-duration} are forgotten.
 *
 * @param maxFailures           failed logins of one user name that lock it
 * @param maxFailuresPerAddress failed logins from one client address that lock it (any user names)
 * @param lockDuration          how long a lock lasts
 * @param delay                 the first wait after the free failures
 */
@ConfigurationProperties("pipeline.security.login")
public record LoginThrottleProperties(@DefaultValue("5") int maxFailures,
                                      @DefaultValue("20") int maxFailuresPerAddress,
                                      @DefaultValue("15m") Duration lockDuration,
                                      @DefaultValue("1s") Duration delay) {

    public LoginThrottleProperties {
        if (maxFailures < 1 || maxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("pipeline.security.login.max-failures and max-failures-per-address"
                    + " must be at least 1");
        }
        if (lockDuration.isNegative() || delay.isNegative()) {
            throw new IllegalArgumentException("pipeline.security.login.lock-duration and delay must not be negative");
        }
    }

    public static LoginThrottleProperties defaults() {
        return new LoginThrottleProperties(5, 20, Duration.ofMinutes(15), Duration.ofSeconds(1));
    }
}
