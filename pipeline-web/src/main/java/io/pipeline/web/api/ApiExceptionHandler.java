package io.pipeline.web.api;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.UnknownCalendarException;
import io.pipeline.dag.ParamValidationException;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRunConflictException;
import io.pipeline.engine.DagRunNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Every error of the API's controllers as an RFC 7807 problem detail (errors raised before a controller is chosen,
 * such as unknown paths and wrong methods, are answered by {@code ui.ErrorPages} in the same form): our own {@link ApiException}s, the calendar library's errors,
 * Spring MVC's (malformed JSON, bad parameter types, missing parameters, unknown paths, wrong methods) and, as 500,
 * anything unexpected (logged with its stack trace; the client gets no internals).
 */
@RestControllerAdvice(annotations = RestController.class)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        return problem(e.status(), e.getMessage(), request);
    }

    @ExceptionHandler(UnknownCalendarException.class)
    ResponseEntity<ProblemDetail> unknownCalendar(UnknownCalendarException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), request);
    }

    @ExceptionHandler(CalendarOutOfBoundsException.class)
    ResponseEntity<ProblemDetail> outOfBounds(CalendarOutOfBoundsException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler({DagNotFoundException.class, DagRunNotFoundException.class})
    ResponseEntity<ProblemDetail> notFound(RuntimeException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), request);
    }

    @ExceptionHandler(DagRunConflictException.class)
    ResponseEntity<ProblemDetail> conflict(RuntimeException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, e.getMessage(), request);
    }

    @ExceptionHandler(ParamValidationException.class)
    ResponseEntity<ProblemDetail> badConf(ParamValidationException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Field 'conf': " + e.getMessage(), request);
    }

    @ExceptionHandler(io.pipeline.schedule.InvalidDatasetException.class)
    ResponseEntity<ProblemDetail> badDataset(RuntimeException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error; the server log has the details", request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String fieldProblem = jsonRequestProblem(e);
        return asObject(problem(HttpStatus.BAD_REQUEST, fieldProblem != null ? fieldProblem
                : "Request body is not valid JSON for this endpoint: " + bodyError(e), request));
    }

    /** A {@link JsonRequest} body that failed Bean Validation: its first problem, naming the field. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<JsonRequest.Problem> problems = new ArrayList<>();
        e.getBindingResult().getGlobalErrors().forEach(g -> problems.add(new JsonRequest.Problem(null,
                g.getDefaultMessage())));
        e.getBindingResult().getFieldErrors().forEach(f -> problems.add(new JsonRequest.Problem(
                f.getField().replaceAll("\\[.*$", ""), f.getDefaultMessage())));
        String detail = JsonRequest.firstProblem(e.getParameter().getParameterType(), problems)
                .orElse("Request body is not valid for this endpoint");
        return asObject(problem(HttpStatus.BAD_REQUEST, detail, request));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return asObject(problem(HttpStatus.BAD_REQUEST,
                "Parameter '" + name + "': '" + e.getValue() + "' is not a valid " + type, request));
    }

    /** Spring MVC's own problems (404 unknown path, 405, 415, missing parameters...) get the same type URIs. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            problem.setType(Problems.type(status));
            if (problem.getInstance() == null && request instanceof ServletWebRequest s) {
                problem.setInstance(URI.create(s.getRequest().getRequestURI()));
            }
        }
        return response;
    }

    /**
     * For a {@link JsonRequest} body: a field of the wrong type ("Field 'dry_run' must be true or false"), or a body
     * that is not an object; null for anything else (malformed JSON keeps the parser's words).
     */
    private static String jsonRequestProblem(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof JacksonException jackson)) {
            return null;
        }
        List<JacksonException.Reference> path = jackson.getPath();
        if (path.isEmpty()) {
            return jackson instanceof MismatchedInputException m && m.getTargetType() != null
                    && JsonRequest.class.isAssignableFrom(m.getTargetType())
                    ? "Request body must be a JSON object (" + m.getTargetType().getSimpleName() + ")" : null;
        }
        JacksonException.Reference field = path.getFirst();
        Class<?> type = field.from() instanceof Class<?> c ? c : field.from() == null ? null
                : field.from().getClass();
        if (type == null || !JsonRequest.class.isAssignableFrom(type) || field.getPropertyName() == null) {
            return null;
        }
        return JsonRequest.typeProblem(type, field.getPropertyName(), path.size() > 1);
    }

    /** The parser's own words about what was wrong and where (line/column), without echoing the whole body. */
    private static String bodyError(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JacksonException jackson) {
            String message = jackson.getOriginalMessage();
            return jackson.getLocation() == null ? message
                    : message + " (line " + jackson.getLocation().getLineNr()
                    + ", column " + jackson.getLocation().getColumnNr() + ")";
        }
        // Spring's own message names the controller method ("Required request body is missing: public ...").
        return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "the request has no body" : "the body could not be read";
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, WebRequest request) {
        String path = request instanceof ServletWebRequest s ? s.getRequest().getRequestURI() : null;
        return ResponseEntity.status(status).body(Problems.of(status, detail, path));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest request) {
        return ResponseEntity.status(status).body(Problems.of(status, detail, request.getRequestURI()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }
}
