package io.pipeline.engine;

/** No DAG with that id is loaded (or it failed to import). */
public class DagNotFoundException extends RuntimeException {
    private final String dagId;

    public DagNotFoundException(String dagId) {
        super("DAG '" + dagId + "' not found");
        this.dagId = dagId;
    }

    public DagNotFoundException(String dagId, String why) {
        super("DAG '" + dagId + "' " + why);
        this.dagId = dagId;
    }

    public String dagId() {
        return dagId;
    }
}
