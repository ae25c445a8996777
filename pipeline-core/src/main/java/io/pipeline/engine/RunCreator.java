package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.store.DagRunRepository.NewRun;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;

import java.time.Instant;
import java.util.Optional;

/**
 * Creates a DAG run (state queued) with one task instance per task (state none; a mapped task gets one placeholder
 * with map index -1 until it is expanded). Idempotent: a run whose (dag, logical date) or (dag, run id) exists is not
 * created again. Call inside a transaction.
 */
public final class RunCreator {

    private final DagRunRepository runs;
    private final InitialTaskInstances instances;

    public RunCreator(Stores stores) {
        this.runs = stores.runs();
        this.instances = new InitialTaskInstances(stores);
    }

    /** @return the new run, or empty when it already existed */
    public Optional<DagRunRow> create(Dag dag, NewRun run, Instant now) {
        Optional<DagRunRow> created = runs.insertIfAbsent(run, now);
        created.ifPresent(r -> instances.insert(dag, new long[] {r.id()}, 0, now));
        return created;
    }
}
