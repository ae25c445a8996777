package io.pipeline.task.spark;

/** The Spark master (or Kubernetes API server) of a submission did not accept a connection; nothing was started. */
public class SparkMasterUnreachableException extends SparkSubmitException {

    public SparkMasterUnreachableException(String message) {
        super(message, -1);
    }
}
