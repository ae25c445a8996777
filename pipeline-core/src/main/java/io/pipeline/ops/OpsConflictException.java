package io.pipeline.ops;

/** The operation conflicts with the current state of what it acts on (HTTP 409); the message says how. */
public class OpsConflictException extends RuntimeException {
    public OpsConflictException(String message) {
        super(message);
    }
}
