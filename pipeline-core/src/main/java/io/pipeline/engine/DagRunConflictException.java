package io.pipeline.engine;

/** A run with the same run id or logical date already exists for the DAG (HTTP 409). */
public class DagRunConflictException extends RuntimeException {
    public DagRunConflictException(String message) {
        super(message);
    }
}
