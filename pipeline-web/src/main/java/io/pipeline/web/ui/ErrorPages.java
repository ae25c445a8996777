package io.pipeline.web.ui;

import io.pipeline.web.api.Problems;
import io.pipeline.web.security.PageAccessDeniedHandler;
import io.pipeline.web.security.PermitAnonymous;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every error the container or Spring MVC sends outside a controller's own handling (unknown paths, 405, 413, a 403
 * of the dashboard, exceptions no advice handled): a page inside the dashboard's layout for a browser, an RFC 7807
 * problem detail for the API and for every other client. The words are fixed per status, so no exception message,
 * class or method name of the server reaches the client. {@code /error} requested directly is a 404.
 */
@Controller
@PermitAnonymous
public class ErrorPages implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    @RequestMapping("/error")
    Object error(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.valueOf(c)
                : HttpStatus.NOT_FOUND;
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri
                : request.getRequestURI();
        if (status.is5xxServerError() && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            log.error("{} {} failed", request.getMethod(), path, t);
        }
        String detail = request.getAttribute(PageAccessDeniedHandler.REASON) instanceof String reason ? reason
                : detail(status, request.getAttribute(OriginalMethodFilter.ATTRIBUTE) instanceof String m ? m
                        : request.getMethod(), path);
        if (wantsPage(request, path)) {
            response.setStatus(status.value());
            model.addAttribute("status", status.value());
            model.addAttribute("reason", status.getReasonPhrase());
            model.addAttribute("detail", detail);
            return "ui/error";
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, detail, path));
    }

    /** A browser asking for a page outside the API: the dashboard's page. Everything else: problem JSON. */
    private static boolean wantsPage(HttpServletRequest request, String path) {
        String decoded = UriUtils.decode(path.substring(request.getContextPath().length()), StandardCharsets.UTF_8);
        if (decoded.startsWith("/api/") || decoded.startsWith("/ui/api/") || decoded.startsWith("/actuator")) {
            return false;
        }
        try {
            List<MediaType> accepted = MediaType.parseMediaTypes(request.getHeader("Accept"));
            return accepted.stream().anyMatch(m -> m.isCompatibleWith(MediaType.TEXT_HTML) && !m.isWildcardType());
        } catch (RuntimeException badAcceptHeader) {
            return false;
        }
    }

    static String detail(HttpStatus status, String method, String path) {
        return switch (status.value()) {
            case 400 -> "The request could not be read: check its path, parameters and body";
            case 401 -> "Authentication required";
            case 403 -> "Your role does not allow this";
            case 404 -> "Nothing is served at " + path;
            case 405 -> "Method " + method + " is not allowed at " + path;
            case 406 -> "No representation of this resource matches the Accept header";
            case 413 -> "The request is too large";
            case 415 -> "This media type is not supported here";
            default -> status.is5xxServerError() ? "Internal error; the server log has the details"
                    : status.getReasonPhrase();
        };
    }
}
