package io.pipeline.web.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.KnownFieldsOnly;
import jakarta.validation.constraints.NotNull;

import java.util.Map;

/** Airflow's {@code UpdateTaskInstance}: {@code dry_run} (default true) and {@code new_state}. */
@KnownFieldsOnly
public record UpdateTaskInstance(
        Boolean dryRun,
        @NotNull(message = "Field 'new_state' is required: success, failed or skipped") String newState,
        @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
