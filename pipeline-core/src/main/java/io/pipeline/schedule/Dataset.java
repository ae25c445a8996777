package io.pipeline.schedule;

import java.net.URI;
import java.net.URISyntaxException;
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
 * @param partitioning null for an unpartitioned dataset
 */
public record Dataset(String uri, Partitioning partitioning) {

    /** Airflow's limit on a dataset URI's length. */
    public static final int MAX_URI_LENGTH = 3000;

    public Dataset {
        String problem = uriProblem(uri);
        if (problem != null) {
            throw new InvalidDatasetException(problem);
        }
    }

    /** An unpartitioned dataset; throws {@link InvalidDatasetException} naming the URI and the rule it breaks. */
    public static Dataset of(String uri) {
        return new Dataset(uri, null);
    }

    public Dataset partitionedBy(Partitioning value) {
        return new Dataset(uri, Objects.requireNonNull(value, "partitioning"));
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
