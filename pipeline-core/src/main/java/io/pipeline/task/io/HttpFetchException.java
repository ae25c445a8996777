package io.pipeline.task.io;

/** An HTTP fetch failed for good; the message names the URL (token redacted), the status and the cause. */
public class HttpFetchException extends RuntimeException {

    private final int status;
    private final byte[] body;

    public HttpFetchException(String message, int status, Throwable cause) {
        this(message, status, cause, null);
    }

    /** With the body of the last error response, so that a caller can read a vendor's error object. */
    public HttpFetchException(String message, int status, Throwable cause, byte[] body) {
        super(message, cause);
        this.status = status;
        this.body = body == null ? new byte[0] : body.clone();
    }

    /** The body of the last error response; empty when none came. */
    public byte[] body() {
        return body.clone();
    }

    /** The last HTTP status, or -1 when no response came. */
    public int status() {
        return status;
    }
}
