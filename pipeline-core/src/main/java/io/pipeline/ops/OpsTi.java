package io.pipeline.ops;

import io.pipeline.state.TaskState;

import java.time.Instant;

/** A task instance as an operation sees it: its state, tries and version, and its run. */
record OpsTi(long id, long runPk, String dagId, String runId, Instant logicalDate, String taskId, int mapIndex,
             TaskState state, int tryNumber, int maxTries, int version) {

    TiRef ref() {
        return new TiRef(id, dagId, runId, logicalDate, taskId, mapIndex, state);
    }

    String label() {
        return ref().label();
    }
}
