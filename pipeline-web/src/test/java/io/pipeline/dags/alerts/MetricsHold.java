package io.pipeline.dags.alerts;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For the queued/running gauges test: manual only; {@code hold} stays running until the test calls
 * {@link #release()} (or for at most a minute, so that a failed test cannot wedge a worker slot).
 */
public final class MetricsHold implements DagDefinition {

    public static final String DAG_ID = "metrics_hold";
    private static final CountDownLatch GATE = new CountDownLatch(1);

    /** Lets {@code hold} finish, in this run and every later one. */
    public static void release() {
        GATE.countDown();
    }

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .tags("alerts-test")
                .tasks(g -> g.task("hold", ctx -> GATE.await(1, TimeUnit.MINUTES)))
                .build();
    }
}
