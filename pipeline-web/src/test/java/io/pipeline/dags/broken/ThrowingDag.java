package io.pipeline.dags.broken;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagDefinition;

/** A DAG class whose constructor throws: an import error naming the class. */
public class ThrowingDag implements DagDefinition {
    public ThrowingDag() {
        throw new IllegalStateException("no vendor credentials in this environment");
    }

    @Override
    public Dag define() {
        throw new AssertionError("never reached");
    }
}
