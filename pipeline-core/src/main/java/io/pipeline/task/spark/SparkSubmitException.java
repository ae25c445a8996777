package io.pipeline.task.spark;

/** A Spark application did not complete: the message names the application, the exit code and the driver's error. */
public class SparkSubmitException extends RuntimeException {

    private final int exitCode;

    public SparkSubmitException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit code of spark-submit; -1 when it was never started. */
    public int exitCode() {
        return exitCode;
    }
}
