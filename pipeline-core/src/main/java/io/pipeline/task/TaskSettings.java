package io.pipeline.task;

import java.util.Map;
import java.util.Optional;

/**
 * Named settings of the application that tasks may read ({@code ctx.resource(TaskSettings.class)}), by their
 * property name, e.g. {@code pipeline.market-data.provider}. Every task context has one; without configuration it is
 * empty and each reader applies its default.
 */
public record TaskSettings(Map<String, String> values) {

    public TaskSettings {
        values = Map.copyOf(values);
    }

    public static TaskSettings empty() {
        return new TaskSettings(Map.of());
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
