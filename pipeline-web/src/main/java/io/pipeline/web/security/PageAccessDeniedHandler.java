package io.pipeline.web.security;

import io.pipeline.engine.LogSafe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import java.io.IOException;

/**
 * A dashboard request that may not proceed (missing role, missing or stale CSRF token): a 403 error dispatch, so the
 * dashboard's own error page says why, inside its layout.
 */
public class PageAccessDeniedHandler implements AccessDeniedHandler {

    /** The request attribute that carries the reason to the error page. */
    public static final String REASON = PageAccessDeniedHandler.class.getName() + ".reason";
    private static final Logger log = LoggerFactory.getLogger(PageAccessDeniedHandler.class);

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        String reason = denied instanceof CsrfException
                ? "The form's security token is missing or expired: reload the page and try again."
                : "Your role does not allow this.";
        log.warn("403 {} {}: {}", request.getMethod(), LogSafe.of(request.getRequestURI()), reason);
        request.setAttribute(REASON, reason);
        response.sendError(HttpServletResponse.SC_FORBIDDEN);
    }
}
