package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.util.Map;

/** The body of {@code POST /variables} and {@code PATCH /variables/{variable_key}}: Airflow's {@code Variable}. */
@KnownFieldsOnly
public record Variable(String key, String value, String description,
                       @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
