package io.pipeline.dag;

import java.util.Objects;

/**
 * A DAG that could not be loaded: {@code source} is the DAG id when known, else the defining class's name.
 * The message says what was wrong (for validation failures it names the DAG and the task).
 */
public record ImportError(String source, String message) {
    public ImportError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }
}
