package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.validation.constraints.Min;

import java.util.Map;

/**
 * The body of {@code POST /pools} and {@code PATCH /pools/{pool_name}}: Airflow's writable {@code Pool} fields.
 * Which are required depends on the call ({@code name} and {@code slots} to create; with an {@code update_mask},
 * only those it names), so the controller checks presence.
 */
@KnownFieldsOnly
public record Pool(String name,
                   @Min(value = 0, message = "Field 'slots' must be 0 or more") Integer slots,
                   String description,
                   Boolean includeDeferred,
                   @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
