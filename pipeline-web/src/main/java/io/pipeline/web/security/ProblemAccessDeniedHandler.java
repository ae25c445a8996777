package io.pipeline.web.security;

import io.pipeline.engine.LogSafe;
import io.pipeline.web.api.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/** 403 as a problem detail naming the role the request needs (as declared by the handler that would serve it). */
public class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAccessDeniedHandler.class);

    private final HandlerAccess access;

    public ProblemAccessDeniedHandler(HandlerAccess access) {
        this.access = access;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        String detail = deniedDetail(request, access.ruleFor(request));
        log.warn("403 {}", detail);
        Problems.write(response, HttpStatus.FORBIDDEN, detail, request.getRequestURI());
    }

    /** "User 'x' (role Viewer) may not POST /path: it needs the Op role". */
    static String deniedDetail(HttpServletRequest request, AccessRule rule) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String user = auth == null ? "?" : LogSafe.of(auth.getName());
        Role role = HandlerAuthorizationManager.roleOf(auth);
        return "User '" + user + "' (role " + (role == null ? "none" : role.displayName()) + ") may not "
                + request.getMethod() + " " + LogSafe.of(request.getRequestURI()) + ": it needs " + rule.neededText();
    }
}
