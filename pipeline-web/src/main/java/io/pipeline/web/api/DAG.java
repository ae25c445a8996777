package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.validation.constraints.NotNull;

import java.util.Map;

/** The body of {@code PATCH /dags/{dag_id}}: Airflow's {@code DAG} schema, of which only {@code is_paused} changes. */
@KnownFieldsOnly
public record DAG(@NotNull(message = "Field 'is_paused' is required and must be true or false") Boolean isPaused,
                  @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
