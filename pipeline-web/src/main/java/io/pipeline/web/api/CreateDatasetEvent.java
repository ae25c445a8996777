package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/**
 * The body of {@code POST /datasets/events}: Airflow's {@code CreateDatasetEvent} ({@code dataset_uri},
 * {@code extra}) plus {@code partition_key} for a partitioned dataset.
 */
@KnownFieldsOnly
public record CreateDatasetEvent(@NotBlank String datasetUri, Map<String, Object> extra, String partitionKey,
                                 @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
