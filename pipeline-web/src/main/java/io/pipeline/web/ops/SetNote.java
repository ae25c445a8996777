package io.pipeline.web.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.KnownFieldsOnly;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** Airflow's {@code SetDagRunNote} / {@code SetTaskInstanceNote}: the note (at most 1000 characters, as Airflow). */
@KnownFieldsOnly
public record SetNote(
        @NotNull(message = "Field 'note' is required")
        @Size(max = 1000, message = "Field 'note' is longer than 1000 characters") String note,
        @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
