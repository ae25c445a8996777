package io.pipeline.ops;

import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.InvalidDatasetException;
import io.pipeline.schedule.Partitioning;
import io.pipeline.store.DatasetRepository;
import io.pipeline.store.DatasetRepository.DatasetKey;

import java.time.LocalDate;
import java.util.List;

/**
 * Backfill by partitions: keeps the dates whose partition of a dataset has no event yet (the run's session, else
 * the dataset's partition of its logical date).
 */
final class MissingPartitions {
    private final DatasetRepository datasets;

    MissingPartitions(DatasetRepository datasets) {
        this.datasets = datasets;
    }

    /** {@code dates} unchanged when {@code uri} is null; throws naming an unknown or unpartitioned dataset. */
    List<DagRunInfo> filter(List<DagRunInfo> dates, String uri) {
        if (uri == null) {
            return dates;
        }
        DatasetKey key = datasets.key(uri).orElseThrow(() -> new InvalidDatasetException("unknown dataset '" + uri
                + "'"));
        Partitioning p = Partitioning.parse(key.partitioning());
        if (p == null) {
            throw new InvalidDatasetException("dataset '" + uri + "' is not partitioned; a backfill of its missing"
                    + " partitions needs a partitioned dataset");
        }
        return dates.stream().filter(d -> {
            LocalDate k = d.session() != null && p.isKey(d.session()) ? d.session() : p.keyFor(d.logicalDate());
            return datasets.latestEvent(key.id(), k.toString()).isEmpty();
        }).toList();
    }
}
