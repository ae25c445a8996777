package io.pipeline.engine;

import java.util.Objects;

/**
 * A DAG that failed to load or validate.
 *
 * @param fileloc where it came from (the defining class)
 * @param dagId   the DAG id when known, else null
 * @param message what was wrong, naming the DAG and the task
 */
public record DagImportError(String fileloc, String dagId, String message) {
    public DagImportError {
        Objects.requireNonNull(fileloc, "fileloc");
        Objects.requireNonNull(message, "message");
    }
}
