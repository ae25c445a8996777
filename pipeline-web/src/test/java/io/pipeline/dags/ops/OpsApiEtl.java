package io.pipeline.dags.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;

/**
 * For the operations API tests: {@code extract >> transform >> [load, report]} and an unrelated {@code audit},
 * manual only; transform has two retries. The tests pause it so that the engine leaves its runs alone.
 */
public class OpsApiEtl implements DagDefinition {
    public static final String ID = "ops_api_etl";

    @Override
    public Dag define() {
        return DagBuilder.dag(ID)
                .tags("ops-test")
                .tasks(g -> {
                    var extract = g.task("extract", ctx -> null);
                    var transform = g.task("transform", ctx -> null).retries(2);
                    extract.then(transform);
                    transform.then(g.task("load", ctx -> null));
                    transform.then(g.task("report", ctx -> null));
                    g.task("audit", ctx -> null);
                })
                .build();
    }
}
