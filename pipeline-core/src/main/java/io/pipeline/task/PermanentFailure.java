package io.pipeline.task;

/**
 * Marks an exception whose try must fail without a retry, because another try would fail the same way (an image
 * that does not exist, credentials that are missing, a spec the server refuses). Other exceptions are retried as
 * the task's retries allow.
 */
public interface PermanentFailure {
}
