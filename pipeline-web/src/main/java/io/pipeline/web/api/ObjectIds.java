package io.pipeline.web.api;

import java.util.regex.Pattern;

/**
 * Ids of pools, variables and connections as Airflow checks them ({@code validate_key}): letters, digits,
 * {@code _ . -}, at most 250 characters for variable keys and 200 for connection ids; pool names the same
 * characters, at most 256. Anything else is a 400 naming the field.
 */
final class ObjectIds {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    private ObjectIds() {
    }

    static String variableKey(String field, String value) {
        return check(field, value, 250);
    }

    static String connectionId(String field, String value) {
        return check(field, value, 200);
    }

    static String poolName(String field, String value) {
        return check(field, value, 256);
    }

    private static String check(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest("'" + field + "' is required");
        }
        if (value.length() > max) {
            throw ApiException.badRequest("'" + field + "' is " + value.length() + " characters long; at most " + max);
        }
        if (!KEY.matcher(value).matches()) {
            throw ApiException.badRequest("'" + field + "': '" + (value.length() > 60 ? value.substring(0, 60) + "..."
                    : value) + "' may contain only letters, digits, underscores, dots and dashes");
        }
        return value;
    }
}
