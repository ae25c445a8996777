package io.pipeline.task.io;

/** An HTTP fetch failed for good; the message names the URL (token redacted), the status and the cause. */
public class HttpFetchException extends RuntimeException {

    private final int status;

    public HttpFetchException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The last HTTP status, or -1 when no response came. */
    public int status() {
        return status;
    }
}
