package io.pipeline.engine;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A dataset partition that had no event by its freshness deadline ({@code arrivedAt} null), or that has one now
 * after having been late.
 *
 * @param producers the DAGs that produce the dataset (their alert policy carries the alert), maybe empty
 * @param deadline  the deadline in words, e.g. {@code 45 min after the XNYS close}
 * @param dueZone   the zone to show the due time in (the calendar's)
 */
public record LatePartition(String uri, String partitionKey, Instant dueAt, ZoneId dueZone, String deadline,
                            List<String> producers, Instant detectedAt, Instant arrivedAt) {
    public LatePartition {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(dueAt, "dueAt");
        producers = List.copyOf(producers);
    }

    public boolean arrived() {
        return arrivedAt != null;
    }
}
