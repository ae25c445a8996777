package io.pipeline.web.ops;

import io.pipeline.dag.ParamValidationException;
import io.pipeline.ops.BackfillNotFoundException;
import io.pipeline.ops.OpsConflictException;
import io.pipeline.ops.TaskNotFoundException;
import io.pipeline.state.IllegalStateTransitionException;
import io.pipeline.web.api.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for the errors of the operations endpoints (this package only; everything else falls through to
 * the API's own handler): unknown task or backfill 404, a conflict with the current state 409 (a move the
 * transition table forbids, an active backfill), bad input 400.
 */
@RestControllerAdvice(basePackageClasses = OpsExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OpsExceptionHandler {

    @ExceptionHandler({TaskNotFoundException.class, BackfillNotFoundException.class})
    ResponseEntity<ProblemDetail> notFound(RuntimeException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), request);
    }

    @ExceptionHandler({OpsConflictException.class, IllegalStateTransitionException.class})
    ResponseEntity<ProblemDetail> conflict(RuntimeException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, e.getMessage(), request);
    }

    @ExceptionHandler(ParamValidationException.class)
    ResponseEntity<ProblemDetail> badConf(ParamValidationException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Field 'dag_run_conf': " + e.getMessage(), request);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badInput(IllegalArgumentException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), request);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest r) {
        return ResponseEntity.status(status).body(Problems.of(status, detail, r.getRequestURI()));
    }
}
