package io.pipeline.web.security;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.ops.AuditLog;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The throttle behind the API's and the dashboard's authentication, on a stepped clock and a real database. */
class LoginThrottleTest {

    private static HikariDataSource db;
    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private VerifiedCredentialsCache authentication;

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(LoginThrottleTest.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void usersAndThrottle() {
        JdbcClient.create(db).sql("DELETE FROM users").update();
        JdbcClient.create(db).sql("DELETE FROM audit_log").update();
        BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);
        UserStore users = new UserStore(db, encoder, clock);
        users.create(NewUser.of("alice", "alice-Secret-1", Role.USER));
        users.create(NewUser.of("bob", "bob-Secret-1", Role.USER));
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleProperties(5, 8, Duration.ofMinutes(15),
                Duration.ofSeconds(1)), clock, meters, new AuditLog(JdbcClient.create(db), clock));
        authentication = new VerifiedCredentialsCache(new StoredUserDetailsService(users), encoder, throttle);
    }

    @Test
    void five_failures_lock_the_user_even_with_the_right_password_until_the_lock_ends() {
        for (int i = 0; i < 5; i++) {
            failsWith(BadCredentialsException.class, "alice", "wrong-" + i, "10.0.0.1");
            clock.step(Duration.ofSeconds(30)); // past each progressive wait
        }

        assertThatThrownBy(() -> login("alice", "alice-Secret-1", "10.0.0.2"))
                .isInstanceOf(LoginThrottledException.class)
                .hasMessage("Login of user 'alice' is temporarily locked after 5 failed attempts; it unlocks at "
                        + "2026-03-02T10:17:00Z");
        assertThat(login("bob", "bob-Secret-1", "10.0.0.2").isAuthenticated()).as("other users log in").isTrue();
        assertThat(meters.get("pipeline.login.locked").tag("kind", "user").gauge().value()).isEqualTo(1.0);

        clock.step(Duration.ofMinutes(15));

        assertThat(login("alice", "alice-Secret-1", "10.0.0.1").isAuthenticated()).isTrue();
        assertThat(meters.get("pipeline.login.locked").tag("kind", "user").gauge().value()).isZero();
        assertThat(meters.get("pipeline.login.failures").counter().count()).isEqualTo(6.0);
    }

    @Test
    void failures_slow_down_progressively_before_the_lock() {
        failsWith(BadCredentialsException.class, "alice", "wrong-1", "10.0.0.1");
        failsWith(BadCredentialsException.class, "alice", "wrong-2", "10.0.0.1");
        failsWith(BadCredentialsException.class, "alice", "wrong-3", "10.0.0.1");

        assertThatThrownBy(() -> login("alice", "alice-Secret-1", "10.0.0.1"))
                .isInstanceOf(LoginThrottledException.class).hasMessageContaining("unlocks at 2026-03-02T10:00:01Z")
                .satisfies(e -> assertThat(((LoginThrottledException) e).locked()).isFalse());
        clock.step(Duration.ofSeconds(2));
        // The refused attempt counted: the fifth failure locks.
        failsWith(BadCredentialsException.class, "alice", "wrong-5", "10.0.0.1");
        assertThatThrownBy(() -> login("alice", "alice-Secret-1", "10.0.0.1"))
                .isInstanceOf(LoginThrottledException.class)
                .satisfies(e -> assertThat(((LoginThrottledException) e).locked()).isTrue());
    }

    @Test
    void a_successful_login_resets_the_users_failures() {
        for (int i = 0; i < 4; i++) {
            failsWith(BadCredentialsException.class, "alice", "wrong-" + i, "10.0.0.1");
            clock.step(Duration.ofSeconds(30));
        }
        assertThat(login("alice", "alice-Secret-1", "10.0.0.1").isAuthenticated()).isTrue();

        for (int i = 0; i < 4; i++) {
            clock.step(Duration.ofSeconds(30));
            failsWith(BadCredentialsException.class, "alice", "again-" + i, "10.0.0.9");
        }
        clock.step(Duration.ofSeconds(30));

        assertThat(login("alice", "alice-Secret-1", "10.0.0.1").isAuthenticated()).as("4 failures since").isTrue();
        assertThat(auditEntries()).isEmpty();
    }

    @Test
    void a_lock_is_in_the_audit_log_once_naming_the_user() {
        for (int i = 0; i < 7; i++) {
            failsWith(i < 5 ? BadCredentialsException.class : LoginThrottledException.class, "alice", "wrong-" + i,
                    "10.0.0." + (i + 1));
            clock.step(Duration.ofSeconds(30));
        }

        List<String> entries = auditEntries();
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst()).startsWith("login_locked|alice|").contains("\"user\":\"alice\"",
                "\"failures\":5", "\"locked_until\":\"2026-03-02T10:17:00Z\"").doesNotContain("wrong-");
    }

    @Test
    void failures_from_one_address_lock_it_for_every_user_name() {
        for (int i = 0; i < 8; i++) {
            failsWith(BadCredentialsException.class, "guess" + i, "pw-" + i, "192.0.2.7");
            clock.step(Duration.ofSeconds(31));
        }

        assertThatThrownBy(() -> login("bob", "bob-Secret-1", "192.0.2.7"))
                .isInstanceOf(LoginThrottledException.class)
                .hasMessageStartingWith("Login from address 192.0.2.7 is temporarily locked after 8 failed attempts");
        assertThat(login("bob", "bob-Secret-1", "192.0.2.8").isAuthenticated()).isTrue();
        assertThat(meters.get("pipeline.login.locked").tag("kind", "address").gauge().value()).isEqualTo(1.0);
        assertThat(auditEntries()).singleElement().asString().startsWith("login_locked|192.0.2.7|")
                .contains("\"address\":\"192.0.2.7\"");

        clock.step(Duration.ofMinutes(15));
        assertThat(login("bob", "bob-Secret-1", "192.0.2.7").isAuthenticated()).isTrue();
    }

    private Authentication login(String user, String password, String address) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(user,
                password);
        token.setDetails(new WebAuthenticationDetails(address, null));
        return authentication.authenticate(token);
    }

    private void failsWith(Class<? extends Exception> type, String user, String password, String address) {
        assertThatThrownBy(() -> login(user, password, address)).isInstanceOf(type);
    }

    private List<String> auditEntries() {
        return JdbcClient.create(db).sql("SELECT event, owner, extra FROM audit_log ORDER BY id")
                .query((rs, i) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3)).list();
    }

    /** A clock the test moves forward. */
    static final class SteppedClock extends Clock {
        private volatile Instant now;

        SteppedClock(Instant start) {
            this.now = start;
        }

        void step(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
