package io.pipeline.web.config;

import io.pipeline.engine.TaskLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Size limits of what a try stores ({@code pipeline.tasks.*}); a plain number is bytes, {@code 512KB} or {@code 2MB}
 * are binary units (Spring's {@link DataSize}). See docs/decisions/task-size-limits.md.
 *
 * @param maxLogBytes  log kept per try, head and tail, with a line saying how much was cut
 *                     ({@code PIPELINE_TASKS_MAX_LOG_BYTES}; default 1 MiB)
 * @param maxXcomBytes one XCom value; a larger one fails the try without a retry
 *                     ({@code PIPELINE_TASKS_MAX_XCOM_BYTES}; default 1 MiB)
 */
@ConfigurationProperties("pipeline.tasks")
public record TaskLimitsProperties(@DefaultValue("1MB") DataSize maxLogBytes,
                                   @DefaultValue("1MB") DataSize maxXcomBytes) {

    /** The engine's limits; a value out of range is refused at start naming the setting. */
    public TaskLimits limits() {
        return new TaskLimits(maxLogBytes.toBytes(), maxXcomBytes.toBytes());
    }
}
