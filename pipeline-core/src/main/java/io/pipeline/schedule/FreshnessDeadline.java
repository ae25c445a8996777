package io.pipeline.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When each partition of a dataset is due ({@link Dataset#freshBy}): a point of the partition's session for a
 * dataset partitioned by sessions ({@link SessionTime}: "{@code bars_1d[S]} by S's close + 45 min"), a local time
 * on (or some days after) the partition's day for one partitioned by calendar days ({@link DayTime}: "partition D
 * by D's 18:00 America/New_York"). Each fits one kind of partitioning only.
 */
public sealed interface FreshnessDeadline permits SessionTime, DayTime {

    /** Why this deadline does not fit the partitioning (named in the dataset's error), or null when it does. */
    String problemWith(Partitioning partitioning);

    /** The instant partition {@code key} is due, or null when the key has none (not a session, no such event). */
    Instant in(Partitioning partitioning, LocalDate key);

    /** In words, e.g. {@code "45 min after the XNYS close"}, {@code "18:00 America/New_York on the day"}. */
    String describe(Partitioning partitioning);

    /** The zone the due time is shown in (the exchange's, or the one the local time is in). */
    ZoneId zone(Partitioning partitioning);

    /** How far from its partition's date a deadline may fall (bounds the partitions a check looks at). */
    Duration reach();
}
