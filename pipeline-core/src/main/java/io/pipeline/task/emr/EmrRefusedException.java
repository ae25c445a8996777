package io.pipeline.task.emr;

import io.pipeline.task.PermanentFailure;

/**
 * EMR cannot be asked at all, or refuses the cluster: an unknown instance type or release label, a missing
 * connection, missing credentials. Another try would fail the same way, so the try fails without a retry.
 */
public final class EmrRefusedException extends RuntimeException implements PermanentFailure {

    public EmrRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
