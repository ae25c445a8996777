package io.pipeline.task;

import tools.jackson.core.type.TypeReference;

import java.util.Objects;

/**
 * A typed handle on an upstream task's output, so that downstream code reads it without repeating the id and type:
 * {@code var tickers = extract.output(new TypeReference<List<String>>() {}); ... ctx.input(tickers)}.
 * Exactly one of {@code type} and {@code typeReference} is set.
 */
public record TaskOutput<T>(String taskId, Class<T> type, TypeReference<T> typeReference) {
    public TaskOutput {
        Objects.requireNonNull(taskId, "taskId");
        if ((type == null) == (typeReference == null)) {
            throw new IllegalArgumentException("output of '" + taskId + "' needs exactly one of a class or a type reference");
        }
    }

    public static <T> TaskOutput<T> of(String taskId, Class<T> type) {
        return new TaskOutput<>(taskId, type, null);
    }

    public static <T> TaskOutput<T> of(String taskId, TypeReference<T> type) {
        return new TaskOutput<>(taskId, null, type);
    }
}
