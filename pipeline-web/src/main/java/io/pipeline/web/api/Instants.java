package io.pipeline.web.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 date-times in requests ({@code 2024-05-01T04:00:00Z} or with an offset), with errors naming the field. */
public final class Instants {

    private Instants() {
    }

    static Instant parameter(String name, String value) {
        return parse("Parameter '" + name + "'", value);
    }

    public static Instant field(String name, String value) {
        return parse("Field '" + name + "'", value);
    }

    private static Instant parse(String what, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(what + ": '" + value + "' is not an RFC 3339 date-time such as"
                    + " 2024-05-01T04:00:00Z");
        }
    }
}
