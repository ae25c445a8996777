package io.pipeline.bench.scaleout;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.examples.StressFanout;

import java.time.Instant;
import java.util.List;

/**
 * The DAGs every node of the scale-out benchmark loads: stress_fanout, a chain of tasks that return when their body
 * started and ended (wall clock, microseconds; for the hops), and a daily DAG.
 */
final class ScaleOutDags {

    static final String CHAIN = "scaleout_chain";
    static final String DAILY = "scaleout_daily";
    static final int CHAIN_LENGTH = 200;

    private ScaleOutDags() {
    }

    static List<Dag> all() {
        return List.of(new StressFanout().define(), chain(), daily());
    }

    private static Dag chain() {
        return DagBuilder.dag(CHAIN).tasks(g -> {
            TaskRef prev = null;
            for (int i = 0; i < CHAIN_LENGTH; i++) {
                TaskRef t = g.task(String.format("t%04d", i), ctx -> {
                    long start = micros();
                    return List.of(start, micros());
                });
                prev = prev == null ? t : prev.then(t);
            }
        }).build();
    }

    /** Wall clock in microseconds: the tasks of a chain run in several JVMs on one machine. */
    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** Daily at midnight UTC; the backfill target (its runs are only created, not waited for). */
    private static Dag daily() {
        return DagBuilder.dag(DAILY).schedule("0 0 * * *", "UTC").startDate(Instant.parse("2020-01-01T00:00:00Z"))
                .tasks(g -> g.task("t", ctx -> null)).build();
    }
}
