package io.pipeline.dag;

import java.util.List;

/** A run's conf that does not satisfy the DAG's params. Each problem names the param. */
public class ParamValidationException extends IllegalArgumentException {
    private final List<String> problems;

    public ParamValidationException(List<String> problems) {
        super("invalid conf: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
