package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.Map;

/**
 * The body of {@code POST /connections}, {@code PATCH /connections/{connection_id}} and
 * {@code POST /connections/test}: Airflow's {@code Connection}. {@code extra} is a JSON object in a string, as in
 * Airflow; {@code password} is write-only.
 */
@KnownFieldsOnly
public record Connection(String connectionId, String connType, String description, String host, String login,
                         String schema,
                         @Min(value = 0, message = "Field 'port' must be between 0 and 65535")
                         @Max(value = 65535, message = "Field 'port' must be between 0 and 65535") Integer port,
                         String password, String extra,
                         @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {

    @Override
    public String toString() {
        return "Connection[" + connectionId + " " + connType + " " + host + "]";
    }
}
