package io.pipeline.task;


import java.util.Objects;

/**
 * A typed handle on an upstream task's output, so that downstream code reads it without repeating the id and type:
 * {@code var tickers = extract.output(new TypeToken<List<String>>() {}); ... ctx.input(tickers)}.
 * Exactly one of {@code type} and {@code typeToken} is set.
 */
public record TaskOutput<T>(String taskId, Class<T> type, TypeToken<T> typeToken) {
    public TaskOutput {
        Objects.requireNonNull(taskId, "taskId");
        if ((type == null) == (typeToken == null)) {
            throw new IllegalArgumentException("output of '" + taskId + "' needs exactly one of a class or a type token");
        }
    }

    public static <T> TaskOutput<T> of(String taskId, Class<T> type) {
        return new TaskOutput<>(taskId, type, null);
    }

    public static <T> TaskOutput<T> of(String taskId, TypeToken<T> type) {
        return new TaskOutput<>(taskId, null, type);
    }
}
