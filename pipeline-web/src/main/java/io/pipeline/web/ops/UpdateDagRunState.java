package io.pipeline.web.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.KnownFieldsOnly;
import jakarta.validation.constraints.NotNull;

import java.util.Map;

/** Airflow's {@code UpdateDagRunState}: the body of {@code PATCH /dags/{dag_id}/dagRuns/{dag_run_id}}. */
@KnownFieldsOnly
public record UpdateDagRunState(
        @NotNull(message = "Field 'state' is required: success, failed or queued") String state,
        @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
