package io.pipeline.web.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.KnownFieldsOnly;

import java.util.Map;

/** Airflow's ClearDagRun body: only {@code dry_run} (default true). */
@KnownFieldsOnly
public record ClearDagRun(Boolean dryRun, @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {

    static ClearDagRun empty() {
        return new ClearDagRun(null, Map.of());
    }
}
