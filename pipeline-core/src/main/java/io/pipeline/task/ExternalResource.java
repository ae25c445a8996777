package io.pipeline.task;

import java.util.Map;

/**
 * Implemented by a task (usually a reschedule-mode sensor) that starts something outside the orchestrator and keeps
 * its id in {@link TaskContext#handle()}. The engine calls {@link #release} once the task instance no longer needs
 * it: cleared, marked, failed for good, timed out (sensor or execution timeout), succeeded, or deleted with its run.
 * A try that fails while retries are left (its node was lost, say) keeps the handle, so that the next try can
 * reattach.
 */
public interface ExternalResource {

    /**
     * Ends the resource (e.g. terminates a cluster). Called outside any transaction, on a scheduler node, possibly
     * more than once for the same handle: must be idempotent. Throwing leaves the release request in place and the
     * engine tries again later.
     *
     * @param handle the values the try stored
     * @param reason why, e.g. {@code none: cleared by alice (api)} or {@code failed: sensor timed out: ...}
     */
    void release(ReleaseContext ctx, Map<String, String> handle, String reason) throws Exception;
}
