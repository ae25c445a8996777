package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.util.Map;

/**
 * The body of {@code POST /dags/{dag_id}/dagRuns}: Airflow's writable {@code DAGRun} fields, bound and checked as
 * every {@link JsonRequest} is (unknown fields refused and named, each field of its type); {@code data_interval_*}
 * are accepted as Airflow's schema has them and left to the timetable. {@code partition_key} (a session date for a
 * session-partitioned DAG) sets the logical date and data interval to the partition's. {@link TriggerRequest#of} then checks what
 * spans fields: the run id rule, the dates, {@code logical_date} against {@code execution_date}.
 */
@KnownFieldsOnly
public record DAGRun(String dagRunId, String logicalDate, String executionDate, Map<String, Object> conf, String note,
                     String dataIntervalStart, String dataIntervalEnd, String partitionKey,
                     @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {
}
