package io.pipeline.schedule;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A piece of data that tasks produce and schedules wait for, named by a URI (Airflow's rules: ASCII, not blank, at
 * most 3000 characters, the scheme {@code airflow} reserved, no user info), optionally partitioned by the sessions
 * of an exchange calendar or by calendar day:
 * <pre>{@code
 * static final Dataset BARS_1D = Dataset.of("postgres://marketdata/public/bars_1d")
 *         .partitionedBy(Partitioning.sessionsOf("XNYS"));
 * }</pre>
 * Two datasets are the same when their URIs are; the partitioning belongs to the URI and must agree wherever the URI
 * is declared (the DAG loader reports a disagreement).
 *
 * A partitioned dataset may have a freshness deadline: a point of each session ({@link #freshBy(SessionTime)}) for
 * a dataset partitioned by sessions, a local time of each day ({@link #freshBy(LocalTime, ZoneId)},
 * {@link #freshBy(DayTime)}) for one partitioned by calendar days. A partition with no event by then is late
 * (recorded once, alerted, shown on the partition map).
 *
 * @param partitioning null for an unpartitioned dataset
 * @param freshBy      when each partition is due, or null for no freshness deadline
 */
public record Dataset(String uri, Partitioning partitioning, FreshnessDeadline freshBy) {

    /** Airflow's limit on a dataset URI's length. */
    public static final int MAX_URI_LENGTH = 3000;

    public Dataset {
        String problem = uriProblem(uri);
        if (problem != null) {
            throw new InvalidDatasetException(problem);
        }
        String unfit = freshBy == null ? null : freshBy.problemWith(partitioning);
        if (unfit != null) {
            throw new InvalidDatasetException("dataset " + uri + ": " + unfit);
        }
    }

    public Dataset(String uri, Partitioning partitioning) {
        this(uri, partitioning, null);
    }

    /** An unpartitioned dataset; throws {@link InvalidDatasetException} naming the URI and the rule it breaks. */
    public static Dataset of(String uri) {
        return new Dataset(uri, null);
    }

    public Dataset partitionedBy(Partitioning value) {
        return new Dataset(uri, Objects.requireNonNull(value, "partitioning"), freshBy);
    }

    /**
     * A partition is due by {@code time} of its session ("{@code bars_1d[S]} by S's close + 45 min"); holidays and
     * weekends are no partitions and have no deadline. Needs a session partitioning (call after
     * {@link #partitionedBy}), else {@link InvalidDatasetException}.
     */
    public Dataset freshBy(SessionTime time) {
        return new Dataset(uri, partitioning, Objects.requireNonNull(time, "time"));
    }

    /**
     * Partition D is due at {@code time} in {@code zone} on D ("partition D by D's 18:00 America/New_York"). Needs a
     * partitioning by calendar days (call after {@link #partitionedBy}), else {@link InvalidDatasetException}.
     */
    public Dataset freshBy(LocalTime time, ZoneId zone) {
        return freshBy(DayTime.at(time, zone));
    }

    /** As {@link #freshBy(LocalTime, ZoneId)}, with a deadline some days after the partition's day. */
    public Dataset freshBy(DayTime time) {
        return new Dataset(uri, partitioning, Objects.requireNonNull(time, "time"));
    }

    /** The instant the partition {@code key} is due, or null when the dataset has no deadline or key is no session. */
    public java.time.Instant freshnessDeadline(java.time.LocalDate key) {
        return freshBy == null ? null : freshBy.in(partitioning, key);
    }

    /** The freshness deadline in words ({@code "45 min after the XNYS close"}), or null. */
    public String freshnessDescription() {
        return freshBy == null ? null : freshBy.describe(partitioning);
    }

    /** The zone a partition's due time is shown in, or null without a deadline. */
    public ZoneId freshnessZone() {
        return freshBy == null ? null : freshBy.zone(partitioning);
    }

    /** This dataset as an input whose partition S a run of key S waits for. */
    public DatasetInput sameSession() {
        return DatasetInput.of(this, PartitionMapping.sameSession());
    }

    /** This dataset as an input whose session before S a run of session S waits for. */
    public DatasetInput previousSession() {
        return DatasetInput.of(this, PartitionMapping.previousSession());
    }

    /**
     * This dataset (partitioned by sessions) as an input whose latest session on or before D a run of day D waits
     * for: a cron schedule in the calendar's zone waiting for session data.
     */
    public DatasetInput latestSessionOnOrBefore() {
        return DatasetInput.of(this, PartitionMapping.latestSessionOnOrBefore());
    }

    public boolean isPartitioned() {
        return partitioning != null;
    }

    /** The partitioning's name ({@code sessions:XNYS}, {@code days:UTC}) or null. */
    public String partitioningName() {
        return partitioning == null ? null : partitioning.name();
    }

    /**
     * Why a dataset URI is refused, or null when it is fine (Airflow 2.x's {@code _sanitize_uri}: not blank, ASCII
     * only, at most 3000 characters, a parseable URI, scheme {@code airflow} reserved, no user info).
     */
    public static String uriProblem(String uri) {
        if (uri == null || uri.isBlank()) {
            return "dataset URI is empty";
        }
        if (uri.length() > MAX_URI_LENGTH) {
            return "dataset URI is longer than " + MAX_URI_LENGTH + " characters";
        }
        if (!uri.chars().allMatch(c -> c < 128)) {
            return "dataset URI '" + uri + "' must only consist of ASCII characters";
        }
        if (!uri.strip().equals(uri)) {
            return "dataset URI '" + uri + "' has leading or trailing white space";
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return "dataset URI '" + uri + "' is not a URI: " + e.getReason() + " at index " + e.getIndex();
        }
        if ("airflow".equalsIgnoreCase(parsed.getScheme())) {
            return "dataset URI '" + uri + "': the scheme 'airflow' is reserved";
        }
        if (parsed.getRawUserInfo() != null) {
            return "dataset URI '" + uri + "' must not contain auth information (user or password)";
        }
        return null;
    }

    @Override
    public String toString() {
        return partitioning == null ? uri : uri + " [" + partitioning.name() + "]";
    }
}
