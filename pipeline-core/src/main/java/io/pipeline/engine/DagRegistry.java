package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.store.DagRepository.DagDefinitionRow;
import io.pipeline.store.DagRepository;
import io.pipeline.store.DagRow;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.Page;
import io.pipeline.store.Stores;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The DAGs of the deployed code and their import errors, kept in step with the {@code dag} table. The in-memory
 * part is derived from code only (rebuilt by {@link #load} at every start), so a crash loses nothing.
 */
public class DagRegistry {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final EngineConfig config;
    private final DagRepository dagRows;
    private final DagRunRepository runs;
    private volatile Map<String, DagIndex> loaded = Map.of();
    private volatile List<DagImportError> importErrors = List.of();
    private volatile Map<String, List<Dag>> consumers = Map.of();
    private volatile Map<String, io.pipeline.schedule.Dataset> fresh = Map.of();
    private volatile Map<String, List<String>> producers = Map.of();
    private final io.pipeline.store.DatasetRepository datasets;

    public DagRegistry(Stores stores, TransactionTemplate tx, Clock clock, EngineConfig config) {
        this.jdbc = stores.jdbc();
        this.tx = tx;
        this.clock = clock;
        this.config = config;
        this.dagRows = stores.dags();
        this.runs = stores.runs();
        this.datasets = stores.datasets();
    }

    /**
     * Replaces the loaded DAGs and import errors and syncs the {@code dag} and {@code import_error} tables: loaded
     * DAGs are upserted (a new one paused if so configured), DAGs with an import error get it recorded and are not
     * scheduled, DAGs no longer defined become inactive.
     */
    public synchronized void load(Collection<Dag> dags, Collection<DagImportError> errors) {
        Map<String, DagIndex> next = new TreeMap<>();
        for (Dag d : dags) {
            next.put(d.dagId(), new DagIndex(d));
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            dagRows.upsertDefinitions(next.values().stream().map(i -> definitionRow(i.dag())).toList(),
                    config.pausedAtCreation(), now);
            List<String> known = new ArrayList<>(next.keySet());
            jdbc.sql("DELETE FROM import_error").update();
            for (DagImportError e : errors) {
                if (e.dagId() != null) {
                    dagRows.setImportError(e.dagId(), e.fileloc(), e.message(), config.pausedAtCreation(), now);
                    known.add(e.dagId());
                }
                jdbc.sql("""
                        INSERT INTO import_error (fileloc, dag_id, message, created_at) VALUES (:f, :d, :m, :now)
                        ON CONFLICT (fileloc) DO UPDATE SET message = import_error.message || E'\\n' || excluded.message
                        """)
                        .param("f", e.fileloc()).param("d", e.dagId()).param("m", e.message())
                        .param("now", Timestamps.toDb(now)).update();
            }
            dagRows.deactivateAllExcept(known, now);
            DatasetDeclarations declarations = DatasetDeclarations.of(dags);
            datasets.sync(declarations.datasets(), declarations.references(), now);
        });
        consumers = DatasetDeclarations.consumers(dags);
        fresh = DatasetDeclarations.fresh(dags);
        producers = DatasetDeclarations.producers(dags);
        loaded = Collections.unmodifiableMap(next);
        importErrors = List.copyOf(errors);
        refreshNextRuns(next.values().stream().map(DagIndex::dag).toList());
    }

    /** The engine's LISTEN/NOTIFY channel (the workers' and schedulers' wake-ups). */
    public String notifyChannel() {
        return config.notifyChannel();
    }

    /**
     * Recomputes the next-run columns of the DAGs from their latest scheduled runs: one read and one write for all of
     * them (a thousand DAGs at start were two thousand round trips).
     */
    public void refreshNextRuns(List<Dag> dags) {
        Instant now = clock.instant();
        Map<String, io.pipeline.store.DagRunRow> latest = runs.latestScheduled(dags.stream().map(Dag::dagId).toList());
        List<DagRepository.NextRun> rows = new ArrayList<>(dags.size());
        for (Dag dag : dags) {
            Optional<DagRunInfo> next = RunPlanner.next(dag, latest.get(dag.dagId()), now);
            rows.add(new DagRepository.NextRun(dag.dagId(), next.map(DagRunInfo::logicalDate).orElse(null),
                    next.map(i -> i.dataInterval().start()).orElse(null),
                    next.map(i -> i.dataInterval().end()).orElse(null), next.map(DagRunInfo::runAfter).orElse(null)));
        }
        dagRows.setNextRuns(rows);
    }

    public Optional<Dag> dag(String dagId) {
        DagIndex d = loaded.get(dagId);
        return d == null ? Optional.empty() : Optional.of(d.dag());
    }

    /** The loaded DAG; throws {@link DagNotFoundException} (saying so when it failed to import). */
    public Dag require(String dagId) {
        return index(dagId).dag();
    }

    /** The precomputed graph of a loaded DAG. */
    public DagIndex index(String dagId) {
        DagIndex d = loaded.get(dagId);
        if (d == null) {
            for (DagImportError e : importErrors) {
                if (dagId.equals(e.dagId())) {
                    throw new DagNotFoundException(dagId, "failed to import: " + e.message());
                }
            }
            throw new DagNotFoundException(dagId);
        }
        return d;
    }

    /** The loaded DAG's index, or null when the DAG is no longer loaded. */
    public DagIndex indexOrNull(String dagId) {
        return loaded.get(dagId);
    }

    /** Ids of the loaded DAGs. */
    public java.util.Set<String> dagIds() {
        return loaded.keySet();
    }

    /** Loaded DAGs in id order. */
    public Collection<Dag> dags() {
        return loaded.values().stream().map(DagIndex::dag).toList();
    }

    /** Loaded DAGs whose data schedule ({@code Schedules.onDatasets/onPartitions}) waits on the dataset. */
    /** The loaded DAGs' datasets that have a freshness deadline, by URI. */
    public Map<String, io.pipeline.schedule.Dataset> freshDatasets() {
        return fresh;
    }

    /** The loaded DAGs that produce the dataset, in load order. */
    public List<String> producersOf(String uri) {
        return producers.getOrDefault(uri, List.of());
    }

    public List<Dag> consumersOf(String uri) {
        return consumers.getOrDefault(uri, List.of());
    }

    public List<DagImportError> importErrors() {
        return importErrors;
    }

    /** The DAG's row (pause flag, import error, next run); empty when the DAG was never seen. */
    public Optional<DagRow> find(String dagId) {
        return dagRows.find(dagId);
    }

    /** Active DAGs (loaded or with an import error), optionally filtered by an id substring and the pause flag. */
    public Page<DagRow> list(String idPattern, Boolean paused, int limit, int offset) {
        return dagRows.list(idPattern, paused, limit, offset);
    }

    /** Pauses or unpauses a DAG; a paused DAG gets no new scheduled runs and its queued runs do not start. */
    public DagRow pause(String dagId, boolean paused) {
        if (!dagRows.setPaused(dagId, paused, clock.instant())) {
            throw new DagNotFoundException(dagId);
        }
        return dagRows.find(dagId).orElseThrow(() -> new DagNotFoundException(dagId));
    }

    static DagDefinitionRow definitionRow(Dag d) {
        return new DagDefinitionRow(d.dagId(), d.description(), d.source(), d.owner(), List.copyOf(d.tags()),
                d.timetable() == null ? null : d.timetable().expression(),
                d.timetable() == null ? "manual" : d.timetable().description(), d.catchup(), d.startDate(),
                d.endDate(), d.maxActiveRuns(), d.maxActiveTasks());
    }
}
