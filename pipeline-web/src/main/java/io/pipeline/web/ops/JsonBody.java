package io.pipeline.web.ops;

import io.pipeline.web.api.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body read field by field, as Airflow's schemas read it: a JSON object with only the known fields, each
 * of its type; every error is a 400 naming the field.
 */
final class JsonBody {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /** @param known the fields of the schema; any other field is refused */
    static JsonBody of(JsonNode body, Set<String> known, String schema) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            body = JSON.createObjectNode();
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object (" + schema + ")");
        }
        Set<String> unknown = new TreeSet<>(body.propertyNames());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Unknown field(s) " + String.join(", ", unknown) + " in " + schema
                    + "; known fields: " + String.join(", ", new TreeSet<>(known)));
        }
        return new JsonBody(body);
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    boolean bool(String field, boolean defaultValue) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("Field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.badRequest("Field '" + field + "' must be a string");
        }
        return v.asString();
    }

    String requiredText(String field) {
        String v = text(field);
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest("Field '" + field + "' is required");
        }
        return v;
    }

    Integer integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isInt()) {
            throw ApiException.badRequest("Field '" + field + "' must be an integer");
        }
        return v.intValue();
    }

    /** A non-empty array of strings (Airflow: minItems 1), or null when absent. */
    List<String> texts(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray() || v.isEmpty()) {
            throw ApiException.badRequest("Field '" + field + "' must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isString()) {
                throw ApiException.badRequest("Field '" + field + "' must contain only strings");
            }
            out.add(item.asString());
        }
        return out;
    }

    /** An RFC 3339 date-time, e.g. {@code 2024-05-01T04:00:00Z}; null when absent. */
    Instant instant(String field) {
        String v = text(field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Field '" + field + "': '" + v + "' is not an RFC 3339 date-time such as"
                    + " 2024-05-01T04:00:00Z");
        }
    }

    /** A date-time as {@link #instant}, or a plain date {@code YYYY-MM-DD} (then returned as the date). */
    Object instantOrDate(String field) {
        String v = text(field);
        if (v != null && v.trim().length() == 10) {
            try {
                return LocalDate.parse(v.trim());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Field '" + field + "': '" + v + "' is neither a date (YYYY-MM-DD)"
                        + " nor an RFC 3339 date-time");
            }
        }
        return instant(field);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw ApiException.badRequest("Field '" + field + "' must be a JSON object");
        }
        return JSON.treeToValue(v, Map.class);
    }
}
