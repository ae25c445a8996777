package io.pipeline.web.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The daily retention clean ({@code pipeline.retention.*}): {@code pipeline db clean} run by the service itself.
 * Off unless {@code max-age} is set, e.g. {@code PIPELINE_RETENTION_MAX_AGE=730d} keeps two years of finished runs.
 *
 * @param maxAge     runs whose logical date is older than this are cleaned; unset: no retention clean
 * @param tables     what is cleaned (as {@code db clean --tables}); default the runs and what hangs off them
 * @param archive    a directory to archive the rows to as CSV first, or unset
 * @param interval   how often (default daily)
 * @param firstAfter the first clean after the node starts (default 10 minutes)
 */
@ConfigurationProperties("pipeline.retention")
public record RetentionProperties(Duration maxAge, @DefaultValue("dag_run") List<String> tables, Path archive,
                                  @DefaultValue("24h") Duration interval, @DefaultValue("10m") Duration firstAfter) {
    public RetentionProperties {
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("pipeline.retention.max-age must be positive, got " + maxAge);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("pipeline.retention.interval must be positive, got " + interval);
        }
    }
}
