package io.pipeline.web.api;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 7807 problem details as Airflow's API returns them: {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance}. The {@code type} URIs are Airflow's own (its API reference's error sections), so
 * that clients written for Airflow that branch on them keep working; {@code title} is the HTTP status phrase and
 * {@code detail} says what was wrong and where.
 */
public final class Problems {

    static final String TYPE_BASE =
            "https://airflow.apache.org/docs/apache-airflow/stable/stable-rest-api-ref.html#section/Errors/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(status));
        problem.setTitle(status.getReasonPhrase());
        if (instance != null) {
            problem.setInstance(URI.create(instance));
        }
        return problem;
    }

    /** Airflow's error section for a status: NotFound, BadRequest, Unauthenticated, PermissionDenied... */
    public static URI type(HttpStatusCode status) {
        String section = switch (status.value()) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthenticated";
            case 403 -> "PermissionDenied";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "AlreadyExists";
            default -> status.is4xxClientError() ? "BadRequest" : "Unknown";
        };
        return URI.create(TYPE_BASE + section);
    }

    /** Writes a problem from outside Spring MVC (security filters). */
    public static void write(HttpServletResponse response, HttpStatus status, String detail, String instance)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type(status).toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
