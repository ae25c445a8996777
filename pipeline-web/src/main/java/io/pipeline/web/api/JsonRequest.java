package io.pipeline.web.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A request body bound to a record and checked with Bean Validation, read as Airflow's schemas read it: a JSON
 * object with only the known fields (snake_case, the application's naming strategy), each of its type. The record
 * collects the fields it does not know in its last component, {@code @JsonAnySetter Map<String, Object> unknown},
 * which {@link KnownFieldsOnly} refuses. Every problem is a 400 naming the field: {@link ApiExceptionHandler} words
 * binding errors with {@link #typeProblem} and reports the first validation error by {@link #firstProblem}.
 * The record's simple name is the schema's name (e.g. {@code ClearTaskInstances}).
 */
public interface JsonRequest {

    /** Fields of the body that the schema does not have. */
    Map<String, Object> unknown();

    /** A boolean field's value, or {@code absent} when the body did not give it. */
    static boolean flag(Boolean value, boolean absent) {
        return value == null ? absent : value;
    }

    /** The JSON names of the schema's fields, in declaration order. */
    static List<String> fieldNames(Class<?> type) {
        return components(type).stream().map(c -> jsonName(c.getName())).toList();
    }

    static String jsonName(String javaName) {
        return javaName.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** A field whose JSON value has the wrong type; {@code inElement} when an element of an array is wrong. */
    static String typeProblem(Class<?> type, String field, boolean inElement) {
        Class<?> fieldType = components(type).stream().filter(c -> jsonName(c.getName()).equals(field))
                .map(RecordComponent::getType).findFirst().orElse(Object.class);
        String what;
        if (fieldType == Boolean.class || fieldType == boolean.class) {
            what = "must be true or false";
        } else if (fieldType == String.class) {
            what = "must be a string";
        } else if (fieldType == Integer.class || fieldType == int.class) {
            what = "must be an integer";
        } else if (List.class.isAssignableFrom(fieldType)) {
            what = inElement ? "must contain only strings" : "must be a non-empty array of strings";
        } else if (Map.class.isAssignableFrom(fieldType)) {
            what = "must be a JSON object";
        } else {
            what = "has the wrong type";
        }
        return "Field '" + field + "' " + what;
    }

    /** A violation: the Java name of the field, or null for the whole body, and its message. */
    record Problem(String field, String message) {
    }

    /** The first problem: the body's own (unknown fields) before the fields', fields in declaration order. */
    static Optional<String> firstProblem(Class<?> type, List<Problem> problems) {
        List<String> order = components(type).stream().map(RecordComponent::getName).toList();
        return problems.stream()
                .min(Comparator.comparingInt((Problem p) -> p.field() == null ? -1 : order.indexOf(p.field()))
                        .thenComparing(Problem::message))
                .map(Problem::message);
    }

    /**
     * The body, or when the request had none, the empty body, validated as a bound body would be (so that a missing
     * body reports the first required field, as an empty object does).
     */
    static <T extends JsonRequest> T orEmpty(T body, Supplier<T> empty, Validator validator) {
        if (body != null) {
            return body;
        }
        T blank = empty.get();
        Set<ConstraintViolation<T>> violations = validator.validate(blank);
        List<Problem> problems = violations.stream().map(v -> new Problem(
                v.getPropertyPath().toString().isEmpty() ? null : v.getPropertyPath().toString(), v.getMessage()))
                .toList();
        firstProblem(blank.getClass(), problems).ifPresent(p -> {
            throw ApiException.badRequest(p);
        });
        return blank;
    }

    /** Validates a bound body now (for a handler that checks its parameters first); the first problem is a 400. */
    static <T extends JsonRequest> T checked(T body, Validator validator) {
        List<Problem> problems = validator.validate(body).stream().map(v -> new Problem(
                v.getPropertyPath().toString().isEmpty() ? null : v.getPropertyPath().toString(), v.getMessage()))
                .toList();
        firstProblem(body.getClass(), problems).ifPresent(p -> {
            throw ApiException.badRequest(p);
        });
        return body;
    }

    private static List<RecordComponent> components(Class<?> type) {
        RecordComponent[] all = type.getRecordComponents();
        return all == null ? List.of() : Arrays.stream(all).filter(c -> !c.getName().equals("unknown")).toList();
    }
}
