package io.pipeline.web.security;

import io.pipeline.engine.LogSafe;
import io.pipeline.web.api.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * 401 as a problem detail with a Basic challenge; for a throttled login it says until when. Logs the user name the
 * client sent (control characters escaped, {@link LogSafe}), never its password.
 */
public class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private static final Logger log = LoggerFactory.getLogger(ProblemAuthenticationEntryPoint.class);
    public static final String REALM = "pipeline";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String username = basicUsername(request.getHeader(HttpHeaders.AUTHORIZATION));
        String detail;
        if (username == null || failure instanceof InsufficientAuthenticationException) {
            detail = "Authentication required: send HTTP Basic credentials";
            log.warn("401 {} {}: no credentials", request.getMethod(), LogSafe.of(request.getRequestURI()));
        } else if (failure instanceof LoginThrottledException throttled) {
            detail = throttled.getMessage();
            log.warn("401 {} {}: {}", request.getMethod(), LogSafe.of(request.getRequestURI()), detail);
        } else {
            detail = "Invalid credentials for user '" + LogSafe.of(username) + "'";
            log.warn("401 {} {}: authentication failed for user '{}' ({})", request.getMethod(),
                    LogSafe.of(request.getRequestURI()), LogSafe.of(username), failure.getClass().getSimpleName());
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        Problems.write(response, HttpStatus.UNAUTHORIZED, detail, request.getRequestURI());
    }

    /** The user-name half of a Basic header, or null; the password half is never decoded into a String. */
    static String basicUsername(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(header.substring(6).trim());
            int colon = indexOf(decoded, (byte) ':');
            return colon < 0 ? null : new String(decoded, 0, colon, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
