package io.pipeline.engine;

import io.pipeline.state.DagRunState;

import java.time.Instant;

/** A DAG run moved from one state to another. */
public record DagRunStateChange(
        String dagId, String runId, Instant logicalDate, String runType, DagRunState from, DagRunState to, Instant at) {
}
