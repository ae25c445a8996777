package io.pipeline.web.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.KnownFieldsOnly;
import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/** Airflow's UpdateTaskInstancesState body; absent fields are null (defaults applied by use). */
@KnownFieldsOnly
public record UpdateTaskInstancesState(
        Boolean dryRun,
        @NotBlank(message = "Field 'task_id' is required") String taskId,
        String executionDate,
        String dagRunId,
        Boolean includeUpstream,
        Boolean includeDownstream,
        Boolean includeFuture,
        Boolean includePast,
        @NotBlank(message = "Field 'new_state' is required") String newState,
        @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {

    static UpdateTaskInstancesState empty() {
        return new UpdateTaskInstancesState(null, null, null, null, null, null, null, null, null, Map.of());
    }
}
