package io.pipeline.web.api;

import io.pipeline.connect.SecretCipher;
import io.pipeline.ops.ObjectNotFoundException;
import io.pipeline.ops.OpsConflictException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The errors of the pool, variable and connection endpoints: missing object 404, taken name or busy pool 409, a
 * refused value 400, and a secret with no key to encrypt it 400 (the request asks to store what this server cannot
 * protect; without the secret the same request succeeds).
 */
@RestControllerAdvice(assignableTypes = {PoolController.class, VariableController.class,
        ConnectionController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ManagedObjectsExceptionHandler {

    @ExceptionHandler(ObjectNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ObjectNotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), request);
    }

    @ExceptionHandler(OpsConflictException.class)
    ResponseEntity<ProblemDetail> conflict(OpsConflictException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, e.getMessage(), request);
    }

    @ExceptionHandler({IllegalArgumentException.class, SecretCipher.SecretKeyMissingException.class})
    ResponseEntity<ProblemDetail> badRequest(RuntimeException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), request);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest r) {
        return ResponseEntity.status(status).body(Problems.of(status, detail, r.getRequestURI()));
    }
}
