package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.ParamValidator;
import io.pipeline.dag.TaskDef;
import io.pipeline.schedule.DataInterval;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.InvalidDatasetException;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.TaskHandleRepository;
import io.pipeline.store.Timestamps;
import io.pipeline.store.XComRepository;
import io.pipeline.store.XComRow;
import io.pipeline.task.TaskContext;
import io.pipeline.task.TaskHandle;
import io.pipeline.task.TypeToken;
import org.slf4j.Logger;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a running try sees of its run. Reads of outputs go to the database when asked for, not before. */
final class RunningTaskContext implements TaskContext {
    private final ClaimedTi ti;
    /** Taken after the TI's claim committed: the mapped item comes from a version read after it. */
    private final long claimMark;
    private final Dag dag;
    private final TaskDef def;
    private final TryLog log;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final TaskHandleRepository handles;
    private final XComRepository xcoms;
    private final XComCodec codec;
    private final TaskResources resources;
    private final RunParams runParams;
    private Map<String, Object> params;
    private TaskHandle handle;
    private final List<TryOutcome.EmittedEvent> emitted = new ArrayList<>();
    private final List<TryOutcome.RunRequest> runRequests = new ArrayList<>();
    private final DagRegistry registry;
    private String partitionKey;
    private boolean partitionKeyRead;

    RunningTaskContext(ClaimedTi ti, long claimMark, Dag dag, TaskDef def, TryLog log, Clock clock, JdbcClient jdbc,
                       XComRepository xcoms, TaskHandleRepository handles, XComCodec codec, TaskResources resources,
                       RunParams runParams, DagRegistry registry) {
        this.registry = registry;
        this.ti = ti;
        this.claimMark = claimMark;
        this.dag = dag;
        this.def = def;
        this.log = log;
        this.clock = clock;
        this.jdbc = jdbc;
        this.handles = handles;
        this.xcoms = xcoms;
        this.codec = codec;
        this.resources = resources;
        this.runParams = runParams;
    }

    @Override public String dagId() { return ti.dagId(); }
    @Override public String taskId() { return ti.taskId(); }
    @Override public String runId() { return ti.runId(); }
    @Override public int mapIndex() { return ti.mapIndex(); }
    @Override public int tryNumber() { return ti.tryNumber(); }
    @Override public int maxTries() { return ti.maxTries(); }
    @Override public Instant logicalDate() { return ti.logicalDate(); }
    @Override public LocalDate session() { return ti.sessionDate(); }
    @Override public String runType() { return ti.runType(); }
    @Override public Clock clock() { return clock; }
    @Override public Logger log() { return log; }

    @Override
    public synchronized String partitionKey() {
        if (!partitionKeyRead) {
            partitionKey = jdbc.sql("SELECT partition_key FROM dag_run WHERE id = :id").param("id", ti.runPk())
                    .query(String.class).optional().orElse(null);
            partitionKeyRead = true;
        }
        return partitionKey;
    }

    @Override
    public synchronized void emit(Dataset dataset, String key, Map<String, Object> extra) {
        if (def.produces().stream().noneMatch(d -> d.uri().equals(dataset.uri()))) {
            throw new InvalidDatasetException("task '" + def.taskId() + "' emits an event of dataset "
                    + dataset.uri() + " but does not declare it in produces(..)");
        }
        if (dataset.isPartitioned()) {
            dataset.partitioning().requireKey(key);
        } else if (key != null) {
            throw new InvalidDatasetException("dataset " + dataset.uri() + " is not partitioned; emit it with no "
                    + "partition key, got '" + key + "'");
        }
        emitted.add(new TryOutcome.EmittedEvent(dataset, key,
                extra == null ? null : codec.write(ti.label() + " dataset event extra", extra)));
    }

    @Override
    public java.util.Optional<String> externalState(String dagId, String partitionKey, String taskId) {
        if (taskId == null) {
            return jdbc.sql("""
                    SELECT state FROM dag_run WHERE dag_id = :dag AND partition_key = :key
                    ORDER BY logical_date DESC LIMIT 1
                    """).param("dag", dagId).param("key", partitionKey).query(String.class).optional();
        }
        return jdbc.sql("""
                SELECT CASE WHEN bool_and(t.state IN ('success', 'skipped')) THEN 'success'
                            WHEN bool_or(t.state IN ('failed', 'upstream_failed')) THEN 'failed'
                            ELSE 'running' END
                FROM task_instance t
                WHERE t.run_pk = (SELECT id FROM dag_run WHERE dag_id = :dag AND partition_key = :key
                                  ORDER BY logical_date DESC LIMIT 1)
                  AND t.task_id = :task
                HAVING count(*) > 0
                """).param("dag", dagId).param("key", partitionKey).param("task", taskId).query(String.class)
                .optional();
    }

    @Override
    public synchronized void triggerDagRun(String dagId, String partitionKey, Map<String, Object> conf) {
        Dag target = registry.require(dagId);
        if (partitionKey != null) {
            if (target.timetable() == null) {
                throw new InvalidDatasetException("DAG '" + dagId + "' has no schedule and so no partition '"
                        + partitionKey + "'");
            }
            target.timetable().partitionRun(partitionKey);
        }
        ParamValidator.validate(target.params(), conf == null ? Map.of() : conf);
        runRequests.add(new TryOutcome.RunRequest(dagId, partitionKey,
                codec.write(ti.label() + " trigger conf", conf == null ? Map.of() : conf)));
    }

    synchronized List<TryOutcome.RunRequest> runRequests() {
        return List.copyOf(runRequests);
    }

    /** The events emitted so far. */
    synchronized List<TryOutcome.EmittedEvent> emitted() {
        return List.copyOf(emitted);
    }

    @Override
    public DataInterval dataInterval() {
        return DataInterval.between(ti.dataIntervalStart(), ti.dataIntervalEnd());
    }

    @Override
    public synchronized Map<String, Object> params() {
        if (params == null) {
            params = runParams.of(ti, dag);
        }
        return params;
    }

    @Override
    public <T> T param(String name, Class<T> type) {
        Object v = params().get(name);
        if (v == null) {
            return null;
        }
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        return codec.mapper().convertValue(v, type);
    }

    @Override
    public <T> T input(String taskId, Class<T> type) {
        return codec.read(outputJson(taskId), type, "output of task '" + taskId + "'");
    }

    @Override
    public <T> T input(String taskId, TypeToken<T> type) {
        return codec.read(outputJson(taskId), type, "output of task '" + taskId + "'");
    }

    @Override
    public <T> List<T> inputs(String mappedTaskId, Class<T> type) {
        requireTask(mappedTaskId);
        List<T> out = new ArrayList<>();
        for (XComRow row : xcoms.findAll(ti.runPk(), mappedTaskId, XComRepository.RETURN_VALUE)) {
            out.add(codec.read(row.valueJson(), type, "output of task '" + mappedTaskId + "'[" + row.mapIndex() + "]"));
        }
        return out;
    }

    @Override
    public <T> T mapItem(Class<T> type) {
        return codec.read(mapItemJson(), type, "map item " + ti.mapIndex() + " of task '" + ti.taskId() + "'");
    }

    @Override
    public <T> T mapItem(TypeToken<T> type) {
        return codec.read(mapItemJson(), type, "map item " + ti.mapIndex() + " of task '" + ti.taskId() + "'");
    }

    @Override
    public boolean isLatestRun() {
        return jdbc.sql("""
                SELECT NOT EXISTS (SELECT 1 FROM dag_run WHERE dag_id = :dag AND run_type = 'scheduled'
                                   AND logical_date > :ld)
                """)
                .param("dag", ti.dagId()).param("ld", Timestamps.toDb(ti.logicalDate()))
                .query(Boolean.class).single();
    }

    @Override
    public <T> T resource(Class<T> type) {
        return resources.get(type);
    }

    @Override
    public synchronized TaskHandle handle() {
        if (handle == null) {
            handle = new StoredTaskHandle(ti, handles, clock);
        }
        return handle;
    }

    private String outputJson(String taskId) {
        requireTask(taskId);
        return xcoms.find(ti.runPk(), taskId, -1, XComRepository.RETURN_VALUE)
                .orElseThrow(() -> new IllegalStateException("task '" + taskId + "' has no output in run '"
                        + ti.runId() + "' of DAG '" + ti.dagId() + "' (not run yet, or it returned null)"))
                .valueJson();
    }

    private String mapItemJson() {
        if (def.expandFrom() == null || ti.mapIndex() < 0) {
            throw new IllegalStateException("task '" + ti.taskId() + "' is not a mapped task instance");
        }
        return xcoms.arrayElement(ti.runPk(), def.expandFrom(), -1, XComRepository.RETURN_VALUE, ti.mapIndex(),
                        claimMark)
                .orElseThrow(() -> new IllegalStateException("no map item " + ti.mapIndex() + " for task '"
                        + ti.taskId() + "' in the output of '" + def.expandFrom() + "'"));
    }

    private void requireTask(String taskId) {
        if (!dag.hasTask(taskId)) {
            throw new IllegalArgumentException("DAG '" + ti.dagId() + "' has no task '" + taskId + "'");
        }
    }
}
