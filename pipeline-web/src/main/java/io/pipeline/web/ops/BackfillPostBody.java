package io.pipeline.web.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.KnownFieldsOnly;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.Map;

/**
 * Airflow 3's BackfillPostBody: {@code from_date}/{@code to_date} as an RFC 3339 date-time or a date; absent fields
 * are null (defaults applied by use). {@code only_missing_partitions_of} (a dataset URI) keeps only the dates whose
 * partition of that dataset has no event yet.
 */
@KnownFieldsOnly
public record BackfillPostBody(
        @NotBlank(message = "Field 'dag_id' is required") String dagId,
        @NotNull(message = "Field 'from_date' is required") String fromDate,
        @NotNull(message = "Field 'to_date' is required") String toDate,
        Boolean runBackwards,
        Map<String, Object> dagRunConf,
        String reprocessBehavior,
        Integer maxActiveRuns,
        String onlyMissingPartitionsOf,
        @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {

    static BackfillPostBody empty() {
        return new BackfillPostBody(null, null, null, null, null, null, null, null, Map.of());
    }
}
