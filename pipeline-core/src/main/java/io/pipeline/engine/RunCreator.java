package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.store.DagRunRepository.NewRun;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A run to create and the loaded DAG it is a run of. */
    public record Planned(Dag dag, NewRun run) {
    }

    /**
     * Creates many runs, of any DAGs, in two statements (the runs, then their task instances) plus one for the
     * counters; a run whose key exists is skipped as in {@link #create}. Call inside a transaction.
     *
     * @return the runs created by this call, in the order given
     */
    public List<DagRunRow> createAll(List<Planned> planned, Instant now) {
        if (planned.isEmpty()) {
            return List.of();
        }
        List<NewRun> newRuns = new ArrayList<>(planned.size());
        Map<String, Dag> dags = new HashMap<>();
        for (Planned p : planned) {
            newRuns.add(p.run());
            dags.put(p.dag().dagId(), p.dag());
        }
        List<DagRunRow> created = runs.insertAllIfAbsent(newRuns, now);
        Map<Dag, List<Long>> byDag = new LinkedHashMap<>();
        for (DagRunRow r : created) {
            byDag.computeIfAbsent(dags.get(r.dagId()), d -> new ArrayList<>()).add(r.id());
        }
        Map<Dag, long[]> pks = new LinkedHashMap<>();
        byDag.forEach((dag, ids) -> pks.put(dag, ids.stream().mapToLong(Long::longValue).toArray()));
        instances.insert(pks, 0, now);
        return created;
    }
}
