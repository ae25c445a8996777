package io.pipeline.web.api;

import io.pipeline.store.DatasetQueries.DatasetRow;
import io.pipeline.store.DatasetQueries.EventRow;
import io.pipeline.store.DatasetQueries.RunRef;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

/**
 * Airflow's {@code Dataset}, {@code DatasetEvent} and {@code BasicDAGRun} schemas (stable API v1); ours besides:
 * {@code partitioning} on a dataset, {@code partition_key} on an event and a run, {@code scheduled_dags} (with the
 * partition mapping) next to Airflow's {@code consuming_dags}, {@code freshness} (the partitions' freshness
 * deadline in words, null when none).
 */
public final class DatasetJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DatasetJson() {
    }

    public record Dataset(long id, String uri, JsonNode extra, Instant createdAt, Instant updatedAt,
                          String partitioning, List<ConsumingDag> consumingDags, List<ProducingTask> producingTasks,
                          List<ScheduledDag> scheduledDags, String freshness) {
    }

    public record ConsumingDag(String dagId, Instant createdAt, Instant updatedAt) {
    }

    public record ProducingTask(String dagId, String taskId, Instant createdAt, Instant updatedAt) {
    }

    public record ScheduledDag(String dagId, String partitionMapping) {
    }

    public record DatasetCollection(List<Dataset> datasets, long totalEntries) {
    }

    public record DatasetEvent(long id, long datasetId, String datasetUri, JsonNode extra, String sourceDagId,
                               String sourceTaskId, String sourceRunId, int sourceMapIndex,
                               List<BasicDagRun> createdDagruns, Instant timestamp, String partitionKey) {
    }

    public record BasicDagRun(String runId, String dagId, Instant logicalDate, Instant startDate, Instant endDate,
                              Instant dataIntervalStart, Instant dataIntervalEnd, String state, String partitionKey) {
    }

    public record DatasetEventCollection(List<DatasetEvent> datasetEvents, long totalEntries) {
    }

    static Dataset of(DatasetRow r, String freshness) {
        // Airflow lists as consuming DAGs those scheduled on the dataset; task-level consumers are added as well.
        List<ConsumingDag> consuming = java.util.stream.Stream.concat(r.scheduledDags().stream(),
                        r.consumingTasks().stream()).map(x -> x.dagId()).distinct()
                .map(d -> new ConsumingDag(d, r.createdAt(), r.updatedAt())).toList();
        return new Dataset(r.id(), r.uri(), JSON.readTree(r.extraJson()), r.createdAt(), r.updatedAt(),
                r.partitioning(), consuming,
                r.producingTasks().stream().map(p -> new ProducingTask(p.dagId(), p.taskId(), r.createdAt(),
                        r.updatedAt())).toList(),
                r.scheduledDags().stream().map(s -> new ScheduledDag(s.dagId(), s.mapping())).toList(), freshness);
    }

    static DatasetEvent of(EventRow e) {
        return new DatasetEvent(e.id(), e.datasetId(), e.datasetUri(), JSON.readTree(e.extraJson()), e.sourceDagId(),
                e.sourceTaskId(), e.sourceRunId(), e.sourceMapIndex(),
                e.createdDagRuns().stream().map(DatasetJson::of).toList(), e.timestamp(), e.partitionKey());
    }

    static BasicDagRun of(RunRef r) {
        return new BasicDagRun(r.runId(), r.dagId(), r.logicalDate(), r.startDate(), r.endDate(),
                r.dataIntervalStart(), r.dataIntervalEnd(), r.state(), r.partitionKey());
    }
}
