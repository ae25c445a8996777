package io.pipeline.dag;

import java.util.Objects;

/**
 * A DAG definition that could not be loaded.
 *
 * @param fileloc where it came from: the defining class's name
 * @param dagId   the DAG id when known (validation failures, duplicate ids), else null
 * @param message what was wrong; for validation failures it names the DAG and the task
 */
public record ImportError(String fileloc, String dagId, String message) {
    public ImportError {
        Objects.requireNonNull(fileloc, "fileloc");
        Objects.requireNonNull(message, "message");
    }

    /** The DAG id when known, else the defining class. */
    public String source() {
        return dagId != null ? dagId : fileloc;
    }
}
