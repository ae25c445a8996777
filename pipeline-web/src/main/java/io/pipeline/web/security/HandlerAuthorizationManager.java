package io.pipeline.web.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.function.Supplier;

/**
 * The one authorization decision of every filter chain: the caller's role against the role declared by the handler
 * that will serve the request ({@link HandlerAccess}).
 */
public class HandlerAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    private final HandlerAccess access;

    public HandlerAuthorizationManager(HandlerAccess access) {
        this.access = access;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        AccessRule rule = access.ruleFor(context.getRequest());
        if (rule.kind() == AccessRule.Kind.ANONYMOUS || rule.kind() == AccessRule.Kind.NO_HANDLER) {
            return new AuthorizationDecision(true);
        }
        return new AuthorizationDecision(rule.allows(roleOf(authentication.get())));
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
