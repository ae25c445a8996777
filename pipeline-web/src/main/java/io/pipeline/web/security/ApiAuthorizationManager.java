package io.pipeline.web.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.Optional;
import java.util.function.Supplier;

/** Grants an API request when the caller's role includes the one {@link ApiPermissions} requires. */
public class ApiAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        Optional<Role> required = requiredRole(context.getRequest());
        if (required.isEmpty()) {
            return new AuthorizationDecision(true);
        }
        Role role = roleOf(authentication.get());
        return new AuthorizationDecision(role != null && role.includes(required.get()));
    }

    public static Optional<Role> requiredRole(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return ApiPermissions.required(request.getMethod(), path);
    }

    /** The caller's highest role, or null when not authenticated. */
    public static Role roleOf(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        Role best = null;
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            Role r = Role.ofAuthority(authority.getAuthority());
            if (r != null && (best == null || r.includes(best))) {
                best = r;
            }
        }
        return best;
    }
}
