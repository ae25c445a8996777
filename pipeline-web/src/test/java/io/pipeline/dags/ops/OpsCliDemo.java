package io.pipeline.dags.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;

/** For the CLI tests: {@code greet >> shout}, and {@code boom}, which always fails; manual only. */
public class OpsCliDemo implements DagDefinition {
    public static final String ID = "ops_cli_demo";

    @Override
    public Dag define() {
        return DagBuilder.dag(ID)
                .tags("ops-test")
                .params(ParamSpec.string("name").withDefault("world"))
                .tasks(g -> {
                    var greet = g.task("greet", ctx -> {
                        ctx.log().info("greeting {}", ctx.param("name", String.class));
                        return "hello " + ctx.param("name", String.class);
                    });
                    greet.then(g.task("shout", ctx -> ctx.input("greet", String.class).toUpperCase()));
                    g.task("boom", ctx -> {
                        throw new IllegalStateException("vendor file missing for " + ctx.logicalDate());
                    });
                })
                .build();
    }
}
