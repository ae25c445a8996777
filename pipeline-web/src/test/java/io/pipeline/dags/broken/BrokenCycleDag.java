package io.pipeline.dags.broken;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.TaskRef;

/** A DAG with a cycle, on the test class path only: it must become an import error, not stop the application. */
public class BrokenCycleDag implements DagDefinition {
    @Override
    public Dag define() {
        return DagBuilder.dag("test_broken_cycle")
                .tasks(b -> {
                    TaskRef a = b.task("a", ctx -> null);
                    TaskRef c = b.task("c", ctx -> null);
                    a.then(c).then(a);
                })
                .build();
    }
}
