package io.pipeline.ops;

/** A pool, variable or connection that does not exist; the message names it. */
public class ObjectNotFoundException extends RuntimeException {
    public ObjectNotFoundException(String message) {
        super(message);
    }
}
