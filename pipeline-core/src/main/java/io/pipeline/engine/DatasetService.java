package io.pipeline.engine;

import io.pipeline.schedule.InvalidDatasetException;
import io.pipeline.schedule.Partitioning;
import io.pipeline.store.DatasetQueries;
import io.pipeline.store.DatasetQueries.DatasetRow;
import io.pipeline.store.DatasetQueries.EventFilter;
import io.pipeline.store.DatasetQueries.EventRow;
import io.pipeline.store.DatasetRepository.DatasetKey;
import io.pipeline.store.Page;
import io.pipeline.store.Stores;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Datasets for the API and the CLI: reads, and events reported by an external system. */
public class DatasetService {
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DatasetQueries queries;
    private final io.pipeline.store.DatasetRepository repo;
    private final DatasetEvents events;
    private final DagRegistry registry;

    public DatasetService(Stores stores, TransactionTemplate tx, Clock clock, DagRegistry registry) {
        this.tx = tx;
        this.clock = clock;
        this.queries = stores.datasetQueries();
        this.repo = stores.datasets();
        this.events = new DatasetEvents(stores.datasets(), registry,
                new QueueNotifier(stores.jdbc(), registry.notifyChannel()));
        this.registry = registry;
    }

    /** The freshness deadline the loaded DAGs declare for the dataset, in words, or null. */
    public String freshness(String uri) {
        io.pipeline.schedule.Dataset d = registry.freshDatasets().get(uri);
        return d == null ? null : d.freshnessDescription();
    }

    public Page<DatasetRow> list(String uriPattern, int limit, int offset, String orderBy) {
        return queries.list(uriPattern, limit, offset, orderBy);
    }

    public Optional<DatasetRow> get(String uri) {
        return queries.get(uri);
    }

    public Optional<DatasetRow> get(long id) {
        return queries.get(id);
    }

    public Page<EventRow> events(EventFilter filter, int limit, int offset, String orderBy) {
        return queries.events(filter, limit, offset, orderBy);
    }

    public List<EventRow> upstreamEvents(String dagId, String runId) {
        return queries.upstreamEvents(dagId, runId);
    }

    /** A dataset's partitions with an event, from &lt;= key &lt;= to (the partition map). */
    public List<DatasetQueries.PartitionState> partitions(String uri, java.time.LocalDate from,
                                                          java.time.LocalDate to) {
        return queries.partitions(uri, from, to);
    }

    /** Failed runs of the dataset's producing DAGs with a partition key in from..to. */
    public List<DatasetQueries.FailedRun> failedProducerRuns(String uri, java.time.LocalDate from,
                                                             java.time.LocalDate to) {
        return queries.failedProducerRuns(uri, from, to);
    }

    /** The partitions of a dataset that had no event by their freshness deadline, from &lt;= key &lt;= to. */
    public List<DatasetQueries.FreshnessMiss> freshnessMisses(String uri, java.time.LocalDate from,
                                                             java.time.LocalDate to) {
        return queries.freshnessMisses(uri, from, to);
    }

    /** Each dataset's latest event time. */
    public java.util.Map<Long, java.time.Instant> lastEventTimes() {
        return queries.lastEventTimes();
    }

    /**
     * Records an event an external system reports (a vendor file landed), and queues the triggers it causes.
     *
     * @throws InvalidDatasetException for an unknown dataset, a key that is not a partition of the dataset (naming
     *                                 it), a partitioned dataset without key or an unpartitioned one with a key
     */
    public EventRow report(String uri, String partitionKey, String extraJson) {
        Objects.requireNonNull(uri, "uri");
        EventRow row = tx.execute(s -> {
            DatasetKey key = repo.key(uri).orElseThrow(() -> new InvalidDatasetException("unknown dataset '" + uri
                    + "'"));
            Partitioning p = Partitioning.parse(key.partitioning());
            if (p != null && partitionKey == null) {
                throw new InvalidDatasetException("dataset '" + uri + "' is partitioned by " + p.name()
                        + "; give a partition_key");
            }
            if (p == null && partitionKey != null) {
                throw new InvalidDatasetException("dataset '" + uri + "' is not partitioned; partition_key '"
                        + partitionKey + "' cannot be used");
            }
            if (p != null) {
                p.requireKey(partitionKey);
            }
            long id = events.record(List.of(new DatasetEvents.Pending(uri, partitionKey, extraJson, null, null, null,
                    -1)), clock.instant()).getFirst();
            return queries.events(new EventFilter(null, uri, null, null, null, null, partitionKey), 1, 0, "-id")
                    .items().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
        });
        return Objects.requireNonNull(row);
    }
}
