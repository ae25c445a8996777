package io.pipeline.dag;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a run's conf against the DAG's declared params and returns the effective params: declared defaults
 * overlaid with the conf. Keys the DAG does not declare are allowed and passed through (Airflow's behaviour).
 * Values are what Jackson produces from JSON (String, Integer/Long/BigInteger, Double/BigDecimal, Boolean, List, Map).
 */
public final class ParamValidator {

    private ParamValidator() {
    }

    /** @throws ParamValidationException listing every bad param by name */
    public static Map<String, Object> validate(Map<String, ParamSpec> specs, Map<String, ?> conf) {
        Map<String, ?> given = conf == null ? Map.of() : conf;
        Map<String, Object> effective = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ParamSpec spec : specs.values()) {
            Object value = given.containsKey(spec.name()) ? given.get(spec.name()) : spec.defaultValue();
            if (value == null) {
                if (spec.required()) {
                    problems.add("param '" + spec.name() + "' is required");
                }
                continue;
            }
            String problem = typeProblem(spec.type(), value);
            if (problem != null) {
                problems.add("param '" + spec.name() + "' " + problem);
            } else {
                effective.put(spec.name(), value);
            }
        }
        given.forEach((k, v) -> {
            if (!specs.containsKey(k)) {
                effective.put(k, v);
            }
        });
        if (!problems.isEmpty()) {
            throw new ParamValidationException(problems);
        }
        return effective;
    }

    /** Why {@code value} is not of {@code type} (e.g. {@code "must be an integer, got String \"x\""}), or null. */
    static String typeProblem(ParamSpec.Type type, Object value) {
        boolean ok = switch (type) {
            case STRING -> value instanceof String;
            case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Byte || value instanceof BigInteger;
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case DATE -> value instanceof LocalDate || (value instanceof String s && isIsoDate(s));
            case ARRAY -> value instanceof Collection<?> || value.getClass().isArray();
            case OBJECT -> value instanceof Map<?, ?>;
        };
        if (ok) {
            return null;
        }
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        return "must be " + article(type) + ", got " + value.getClass().getSimpleName() + " " + shown;
    }

    private static boolean isIsoDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String article(ParamSpec.Type type) {
        return switch (type) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case DATE -> "a date (YYYY-MM-DD)";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
        };
    }
}
