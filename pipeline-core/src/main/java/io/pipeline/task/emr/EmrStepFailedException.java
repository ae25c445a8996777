package io.pipeline.task.emr;

/** A step of the try's cluster failed or was cancelled, or the cluster ended with errors; retried as the task allows. */
public final class EmrStepFailedException extends RuntimeException {

    public EmrStepFailedException(String message) {
        super(message);
    }
}
