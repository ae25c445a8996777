package io.pipeline.ops;

/** No backfill with that id (HTTP 404). */
public class BackfillNotFoundException extends RuntimeException {
    public BackfillNotFoundException(long id) {
        super("backfill " + id + " not found");
    }
}
