package io.pipeline.web.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic sends the password with every request, and a BCrypt check costs about 100 ms of CPU here: far more than
 * the API calls themselves. After one successful BCrypt check this remembers that the credentials matched that
 * stored hash; later requests load the user (one query) and skip BCrypt while the stored hash is still the same.
 * A changed password, a deleted or disabled user is therefore seen at once, on every node. The cache key is an
 * HMAC of user name and password under a random per-process key, so no password is kept in memory. Only successful
 * checks are remembered and the cache is bounded, so failed attempts cost the full BCrypt check.
 */
public class VerifiedCredentialsCache implements AuthenticationProvider {

    static final int MAX_ENTRIES = 10_000;

    private final UserDetailsService users;
    private final DaoAuthenticationProvider delegate;
    private final Map<String, String> verifiedHashByCredentials = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final LoginThrottle throttle;

    public VerifiedCredentialsCache(UserDetailsService users, PasswordEncoder encoder) {
        this(users, encoder, null);
    }

    /** @param throttle refuses logins after repeated failures (null: never) */
    public VerifiedCredentialsCache(UserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
        this.delegate = new DaoAuthenticationProvider(users);
        this.delegate.setPasswordEncoder(encoder);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * The throttle first (a locked user name or address fails even with the right password), then the check; its
     * outcome goes back to the throttle.
     */
    @Override
    public Authentication authenticate(Authentication authentication) {
        if (throttle == null) {
            return verify(authentication);
        }
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress()
                : null;
        try {
            throttle.check(username, address);
            Authentication result = verify(authentication);
            throttle.succeeded(username);
            return result;
        } catch (AuthenticationException e) {
            throttle.failed(username, address);
            throw e;
        }
    }

    private Authentication verify(Authentication authentication) {
        String username = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (credentials == null) {
            throw new BadCredentialsException("no password");
        }
        String cacheKey = cacheKey(username, credentials.toString());
        String verifiedHash = verifiedHashByCredentials.get(cacheKey);
        if (verifiedHash != null) {
            UserDetails user = loadOrNull(username);
            if (user != null && user.isEnabled() && verifiedHash.equals(user.getPassword())) {
                return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
            }
            verifiedHashByCredentials.remove(cacheKey);
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.getPrincipal() instanceof UserDetails user) {
            remember(cacheKey, user.getPassword());
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    private UserDetails loadOrNull(String username) {
        try {
            return users.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }

    private void remember(String cacheKey, String storedHash) {
        if (storedHash == null) {
            return; // the delegate erased it: nothing to compare later
        }
        if (verifiedHashByCredentials.size() >= MAX_ENTRIES) {
            verifiedHashByCredentials.clear();
        }
        verifiedHashByCredentials.put(cacheKey, storedHash);
    }

    private String cacheKey(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
