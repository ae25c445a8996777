package io.pipeline.web.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.KnownFieldsOnly;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * Airflow's {@code UpdateTaskInstance}: {@code dry_run} (default true) and {@code new_state}; also an optional
 * {@code note} (at most 1000 characters), set with the state when it is not a dry run.
 */
@KnownFieldsOnly
public record UpdateTaskInstance(
        Boolean dryRun,
        @NotNull(message = "Field 'new_state' is required: success, failed or skipped") String newState,
        @Size(max = 1000, message = "Field 'note' is longer than 1000 characters") String note,
        @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
