package io.pipeline.web.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.KnownFieldsOnly;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/** Airflow's ClearTaskInstances body, with our {@code task_regex}; absent fields are null (defaults applied by use). */
@KnownFieldsOnly
public record ClearTaskInstances(
        Boolean dryRun,
        @Size(min = 1, message = "Field 'task_ids' must be a non-empty array of strings")
        List<@NotNull(message = "Field 'task_ids' must contain only strings") String> taskIds,
        String taskRegex,
        String startDate,
        String endDate,
        Boolean onlyFailed,
        Boolean onlyRunning,
        Boolean resetDagRuns,
        String dagRunId,
        Boolean includeUpstream,
        Boolean includeDownstream,
        Boolean includeFuture,
        Boolean includePast,
        @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {

    static ClearTaskInstances empty() {
        return new ClearTaskInstances(null, null, null, null, null, null, null, null, null, null, null, null, null,
                Map.of());
    }
}
