package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The write side of datasets: the {@code dataset} rows and their references (synced at every DAG load), events
 * (appended, never replaced: history is kept), the queue of pending triggers and the links from a run to the events
 * it was started on. Reads for the API and pages are in {@link DatasetQueries}.
 */
public class DatasetRepository {

    /** A dataset as the loaded DAGs declare it. */
    public record Declared(String uri, String partitioning) {
    }

    /** A reference from a DAG (or one of its tasks) to a dataset. */
    public record Reference(String uri, String dagId, String taskId, String kind, String mapping) {
    }

    /** A new event. {@code extraJson} is a JSON object text; the source fields are null for an external report. */
    public record NewEvent(long datasetId, String partitionKey, String extraJson, String sourceDagId,
                           String sourceTaskId, String sourceRunId, int sourceMapIndex) {
    }

    /** A stored dataset's id and partitioning. */
    public record DatasetKey(long id, String uri, String partitioning) {
    }

    /** An event counted towards a consumer's run ({@code partitionKey} "" for schedules on updates). */
    public record Trigger(String dagId, String partitionKey, long datasetId) {
    }

    private final JdbcClient jdbc;

    public DatasetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Upserts the declared datasets, replaces every reference with those of the loaded DAGs and marks datasets no
     * loaded DAG refers to as orphaned. Call in the DAG load's transaction.
     */
    public void sync(Collection<Declared> declared, Collection<Reference> references, Instant now) {
        for (Declared d : declared) {
            jdbc.sql("""
                    INSERT INTO dataset (uri, partitioning, created_at, updated_at) VALUES (:uri, :p, :now, :now)
                    ON CONFLICT (uri) DO UPDATE SET partitioning = excluded.partitioning, is_orphaned = false,
                        updated_at = CASE WHEN dataset.partitioning IS DISTINCT FROM excluded.partitioning
                                          OR dataset.is_orphaned THEN excluded.updated_at ELSE dataset.updated_at END
                    """)
                    .param("uri", d.uri()).param("p", d.partitioning()).param("now", Timestamps.toDb(now)).update();
        }
        jdbc.sql("DELETE FROM dataset_reference").update();
        for (Reference r : references) {
            jdbc.sql("""
                    INSERT INTO dataset_reference (dataset_id, dag_id, task_id, kind, mapping)
                    SELECT id, :dag, :task, :kind, :mapping FROM dataset WHERE uri = :uri
                    ON CONFLICT DO NOTHING
                    """)
                    .param("dag", r.dagId()).param("task", r.taskId()).param("kind", r.kind())
                    .param("mapping", r.mapping()).param("uri", r.uri()).update();
        }
        jdbc.sql("""
                UPDATE dataset d SET is_orphaned = NOT EXISTS (SELECT 1 FROM dataset_reference r WHERE r.dataset_id = d.id)
                WHERE is_orphaned <> NOT EXISTS (SELECT 1 FROM dataset_reference r WHERE r.dataset_id = d.id)
                """).update();
    }

    /** The stored datasets among {@code uris}, by URI. */
    public Map<String, DatasetKey> keys(Collection<String> uris) {
        Map<String, DatasetKey> out = new HashMap<>();
        jdbc.sql("SELECT id, uri, partitioning FROM dataset WHERE uri = ANY(:uris)")
                .param("uris", uris.toArray(String[]::new))
                .query((rs, n) -> new DatasetKey(rs.getLong("id"), rs.getString("uri"), rs.getString("partitioning")))
                .list().forEach(k -> out.put(k.uri(), k));
        return out;
    }

    public Optional<DatasetKey> key(String uri) {
        return Optional.ofNullable(keys(List.of(uri)).get(uri));
    }

    /** Appends events; returns their ids in order. */
    public List<Long> insertEvents(List<NewEvent> events, Instant now) {
        List<Long> ids = new ArrayList<>(events.size());
        for (NewEvent e : events) {
            ids.add(jdbc.sql("""
                    INSERT INTO dataset_event (dataset_id, partition_key, extra, source_dag_id, source_task_id,
                                               source_run_id, source_map_index, created_at)
                    VALUES (:ds, :key, CAST(:extra AS jsonb), :dag, :task, :run, :mi, :now)
                    RETURNING id
                    """)
                    .param("ds", e.datasetId()).param("key", e.partitionKey())
                    .param("extra", e.extraJson() == null ? "{}" : e.extraJson()).param("dag", e.sourceDagId())
                    .param("task", e.sourceTaskId()).param("run", e.sourceRunId()).param("mi", e.sourceMapIndex())
                    .param("now", Timestamps.toDb(now)).query(Long.class).single());
        }
        return ids;
    }

    /** Queues triggers (a trigger already queued stays as it is). */
    public void enqueue(Collection<Trigger> triggers, Instant now) {
        for (Trigger t : triggers) {
            jdbc.sql("""
                    INSERT INTO dataset_trigger_queue (target_dag_id, partition_key, dataset_id, created_at)
                    VALUES (:dag, :key, :ds, :now) ON CONFLICT DO NOTHING
                    """)
                    .param("dag", t.dagId()).param("key", t.partitionKey()).param("ds", t.datasetId())
                    .param("now", Timestamps.toDb(now)).update();
        }
    }

    /** The queued triggers of the given DAGs: DAG -> partition key -> datasets queued for it. */
    public Map<String, Map<String, Set<Long>>> queued(Collection<String> dagIds) {
        Map<String, Map<String, Set<Long>>> out = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT target_dag_id, partition_key, dataset_id FROM dataset_trigger_queue
                WHERE target_dag_id = ANY(:dags) ORDER BY target_dag_id, partition_key
                """)
                .param("dags", dagIds.toArray(String[]::new))
                .query((rs, n) -> new Trigger(rs.getString(1), rs.getString(2), rs.getLong(3))).list()
                .forEach(t -> out.computeIfAbsent(t.dagId(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(t.partitionKey(), k -> new java.util.HashSet<>()).add(t.datasetId()));
        return out;
    }

    public void dequeue(String dagId, String partitionKey) {
        jdbc.sql("DELETE FROM dataset_trigger_queue WHERE target_dag_id = :dag AND partition_key = :key")
                .param("dag", dagId).param("key", partitionKey).update();
    }

    /** The latest event of a dataset for a partition key (null key: any event), or empty when there is none. */
    public Optional<Long> latestEvent(long datasetId, String partitionKey) {
        return jdbc.sql("""
                SELECT id FROM dataset_event
                WHERE dataset_id = :ds AND (CAST(:key AS text) IS NULL OR partition_key = :key)
                ORDER BY id DESC LIMIT 1
                """)
                .param("ds", datasetId).param("key", partitionKey).query(Long.class).optional();
    }

    /** Events of the datasets after event id {@code afterId} (exclusive), for a run on updates. */
    public List<Long> eventsAfter(Collection<Long> datasetIds, long afterId) {
        return jdbc.sql("SELECT id FROM dataset_event WHERE dataset_id = ANY(:ds) AND id > :after ORDER BY id")
                .param("ds", datasetIds.toArray(Long[]::new)).param("after", afterId).query(Long.class).list();
    }

    /** The newest event linked to any run of the DAG (0 when none): where a schedule on updates continues. */
    public long lastConsumedEvent(String dagId) {
        return jdbc.sql("""
                SELECT coalesce(max(e.event_id), 0) FROM dag_run_dataset_event e JOIN dag_run r ON r.id = e.run_pk
                WHERE r.dag_id = :dag
                """).param("dag", dagId).query(Long.class).single();
    }

    /** Links a run to the events it was started on. */
    public void link(long runPk, Collection<Long> eventIds) {
        for (Long id : eventIds) {
            jdbc.sql("INSERT INTO dag_run_dataset_event (run_pk, event_id) VALUES (:run, :ev) ON CONFLICT DO NOTHING")
                    .param("run", runPk).param("ev", id).update();
        }
    }
}
