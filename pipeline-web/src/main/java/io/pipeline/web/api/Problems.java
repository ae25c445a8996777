package io.pipeline.web.api;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 7807 problem details as Airflow's API returns them: {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance}. The type is {@code about:blank} and the title the HTTP status phrase (the RFC's
 * convention for problems without a type of their own); {@code detail} says what was wrong and where.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (instance != null) {
            problem.setInstance(URI.create(instance));
        }
        return problem;
    }

    /** Writes a problem from outside Spring MVC (security filters). */
    public static void write(HttpServletResponse response, HttpStatus status, String detail, String instance)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
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
