package io.pipeline.web.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedCredentialsCacheTest {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    private final AtomicInteger bcryptChecks = new AtomicInteger();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            bcryptChecks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    };
    private final Map<String, UserDetails> store = new ConcurrentHashMap<>();
    private final UserDetailsService users = name -> {
        UserDetails u = store.get(name);
        if (u == null) {
            throw new UsernameNotFoundException(name);
        }
        return User.withUserDetails(u).build();
    };
    private final VerifiedCredentialsCache cache = new VerifiedCredentialsCache(users, counting);

    private void storeUser(String name, String password, boolean enabled) {
        store.put(name, User.withUsername(name).password(bcrypt.encode(password)).disabled(!enabled)
                .roles("VIEWER").build());
    }

    private Authentication login(String name, String password) {
        return cache.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(name, password));
    }

    @Test
    void the_second_request_with_the_same_credentials_skips_bcrypt() {
        storeUser("ann", "ann-password", true);

        assertThat(login("ann", "ann-password").isAuthenticated()).isTrue();
        assertThat(login("ann", "ann-password").getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_VIEWER");

        assertThat(bcryptChecks).hasValue(1);
    }

    @Test
    void a_changed_password_takes_effect_at_once() {
        storeUser("ann", "old-password", true);
        login("ann", "old-password");

        storeUser("ann", "new-password", true);

        assertThatThrownBy(() -> login("ann", "old-password")).isInstanceOf(BadCredentialsException.class);
        assertThat(login("ann", "new-password").isAuthenticated()).isTrue();
    }

    @Test
    void a_deleted_or_disabled_user_is_refused_even_after_a_cached_login() {
        storeUser("ann", "ann-password", true);
        login("ann", "ann-password");

        storeUser("ann", "ann-password", false);
        assertThatThrownBy(() -> login("ann", "ann-password")).isInstanceOf(DisabledException.class);

        store.remove("ann");
        assertThatThrownBy(() -> login("ann", "ann-password")).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void wrong_passwords_are_never_remembered() {
        storeUser("ann", "ann-password", true);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("ann", "guess")).isInstanceOf(BadCredentialsException.class);
        }

        assertThat(bcryptChecks).hasValue(3);
    }
}
