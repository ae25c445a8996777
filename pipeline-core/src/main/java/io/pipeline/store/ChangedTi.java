package io.pipeline.store;

/** A task instance whose state a bulk statement just changed (what listeners need besides the run). */
public record ChangedTi(long id, String taskId, int mapIndex, int tryNumber, int maxTries, String pool) {
}
