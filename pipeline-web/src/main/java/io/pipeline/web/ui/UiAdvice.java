package io.pipeline.web.ui;

import io.pipeline.dag.ParamValidationException;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRunConflictException;
import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.ops.OpsConflictException;
import io.pipeline.ops.TaskNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.pipeline.web.config.RunModes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.Map;

/**
 * For the dashboard's controllers only (ahead of the API's problem-detail handler): the logged-in user in every
 * model, and errors as a page (or, under {@code /ui/api}, a small JSON body) that says what was wrong.
 */
@ControllerAdvice(basePackageClasses = UiAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UiAdvice {

    private static final Logger log = LoggerFactory.getLogger(UiAdvice.class);

    private final boolean simulatedData;

    public UiAdvice(RunModes modes) {
        this.simulatedData = modes.marketData().simulated();
    }

    /** Every page's banner while the market data is simulated. */
    @ModelAttribute("simulatedData")
    boolean simulatedData() {
        return simulatedData;
    }

    @ModelAttribute("me")
    UiUser me(Authentication authentication) {
        return authentication == null ? null : UiUser.of(authentication);
    }

    @ModelAttribute("legend")
    java.util.List<io.pipeline.state.TaskState> legend() {
        return StateColors.legend();
    }

    @ExceptionHandler({DagNotFoundException.class, DagRunNotFoundException.class, TaskNotFoundException.class,
            NotFound.class})
    Object notFound(RuntimeException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(HttpStatus.NOT_FOUND, e.getMessage(), request, response, model);
    }

    @ExceptionHandler({IllegalArgumentException.class, ParamValidationException.class})
    Object badInput(RuntimeException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage(), request, response, model);
    }

    @ExceptionHandler({DagRunConflictException.class, OpsConflictException.class})
    Object conflict(RuntimeException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(HttpStatus.CONFLICT, e.getMessage(), request, response, model);
    }

    private Object error(HttpStatus status, String message, HttpServletRequest request, HttpServletResponse response,
                         Model model) {
        log.debug("{} {}: {} {}", request.getMethod(), request.getRequestURI(), status.value(), message);
        if (request.getRequestURI().startsWith(request.getContextPath() + "/ui/api/")) {
            return ResponseEntity.status(status).body(Map.of("status", status.value(), "detail", message));
        }
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("reason", status.getReasonPhrase());
        model.addAttribute("detail", message);
        // an exception handler's model gets no @ModelAttribute values
        model.addAttribute("simulatedData", simulatedData);
        return "ui/error";
    }

    /** Something the URL names does not exist (a run, a task instance, a backfill). */
    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
