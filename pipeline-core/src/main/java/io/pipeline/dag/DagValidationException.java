package io.pipeline.dag;

import java.util.List;

/** A DAG that cannot be loaded. The message names the DAG and, for each problem, the task it concerns. */
public class DagValidationException extends IllegalArgumentException {
    private final String dagId;
    private final List<String> problems;

    public DagValidationException(String dagId, List<String> problems) {
        super("DAG '" + dagId + "' is invalid: " + String.join("; ", problems));
        this.dagId = dagId;
        this.problems = List.copyOf(problems);
    }

    public DagValidationException(String dagId, String problem) {
        this(dagId, List.of(problem));
    }

    public String dagId() {
        return dagId;
    }

    /** One line per problem, e.g. {@code task 'load': depends on unknown task 'extrct'}. */
    public List<String> problems() {
        return problems;
    }
}
