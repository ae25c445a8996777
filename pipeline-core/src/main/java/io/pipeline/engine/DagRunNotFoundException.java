package io.pipeline.engine;

/** No run with that id exists for the DAG. */
public class DagRunNotFoundException extends RuntimeException {
    public DagRunNotFoundException(String dagId, String runId) {
        super("DAG run '" + runId + "' of DAG '" + dagId + "' not found");
    }
}
