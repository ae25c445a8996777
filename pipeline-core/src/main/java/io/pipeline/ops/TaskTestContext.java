package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.ParamValidator;
import io.pipeline.dag.TaskDef;
import io.pipeline.engine.TaskResources;
import io.pipeline.engine.TryLog;
import io.pipeline.engine.XComCodec;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.DataInterval;
import io.pipeline.task.TaskContext;
import io.pipeline.task.TypeToken;
import org.slf4j.Logger;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a task sees under {@code tasks test}: the run it would have on that date, the DAG's params overlaid with the
 * given conf, and the outputs of upstream tasks only as given (nothing is read from or written to the database).
 */
final class TaskTestContext implements TaskContext {
    private final Dag dag;
    private final TaskDef task;
    private final DagRunInfo run;
    private final int mapIndex;
    private final Map<String, Object> params;
    private final Map<String, String> inputs;
    private final TryLog log;
    private final Clock clock;
    private final XComCodec codec;
    private final TaskResources resources;

    TaskTestContext(Dag dag, TaskDef task, DagRunInfo run, int mapIndex, Map<String, Object> conf,
                    Map<String, String> inputs, TryLog log, Clock clock, XComCodec codec, TaskResources resources) {
        this.dag = dag;
        this.task = task;
        this.run = run;
        this.mapIndex = mapIndex;
        this.params = ParamValidator.validate(dag.params(), conf);
        this.inputs = Map.copyOf(inputs);
        this.log = log;
        this.clock = clock;
        this.codec = codec;
        this.resources = resources;
    }

    @Override public String dagId() { return dag.dagId(); }
    @Override public String taskId() { return task.taskId(); }
    @Override public String runId() { return "test__" + run.logicalDate(); }
    @Override public int mapIndex() { return mapIndex; }
    @Override public int tryNumber() { return 1; }
    @Override public int maxTries() { return task.maxTries(); }
    @Override public Instant logicalDate() { return run.logicalDate(); }
    @Override public DataInterval dataInterval() { return run.dataInterval(); }
    @Override public LocalDate session() { return run.session(); }
    @Override public String runType() { return "manual"; }
    @Override public Map<String, Object> params() { return params; }
    @Override public Clock clock() { return clock; }
    @Override public Logger log() { return log; }
    @Override public boolean isLatestRun() { return true; }

    @Override
    public <T> T param(String name, Class<T> type) {
        Object v = params.get(name);
        return v == null ? null : type.isInstance(v) ? type.cast(v) : codec.mapper().convertValue(v, type);
    }

    @Override
    public <T> T input(String taskId, Class<T> type) {
        return codec.read(given(taskId), type, "the given output of task '" + taskId + "'");
    }

    @Override
    public <T> T input(String taskId, TypeToken<T> type) {
        return codec.read(given(taskId), type, "the given output of task '" + taskId + "'");
    }

    /** The given output of a mapped task is the JSON array of its instances' outputs. */
    @Override
    public <T> List<T> inputs(String mappedTaskId, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (JsonNode item : array(mappedTaskId)) {
            out.add(codec.mapper().treeToValue(item, type));
        }
        return out;
    }

    @Override
    public <T> T mapItem(Class<T> type) {
        return codec.mapper().treeToValue(item(), type);
    }

    @Override
    public <T> T mapItem(TypeToken<T> type) {
        return codec.mapper().readValue(codec.mapper().writeValueAsString(item()), codec.mapper().constructType(type.type()));
    }

    @Override
    public <T> T resource(Class<T> type) {
        return resources.get(type);
    }

    private JsonNode item() {
        if (task.expandFrom() == null || mapIndex < 0) {
            throw new IllegalStateException("task '" + task.taskId() + "' is not mapped; there is no map item");
        }
        JsonNode items = array(task.expandFrom());
        if (mapIndex >= items.size()) {
            throw new IllegalArgumentException("map index " + mapIndex + " is beyond the " + items.size()
                    + " items given for '" + task.expandFrom() + "'");
        }
        return items.get(mapIndex);
    }

    private JsonNode array(String taskId) {
        JsonNode node = codec.mapper().readTree(given(taskId));
        if (!node.isArray()) {
            throw new IllegalArgumentException("the output given for '" + taskId + "' must be a JSON array");
        }
        return node;
    }

    private String given(String taskId) {
        if (!dag.hasTask(taskId)) {
            throw new IllegalArgumentException("DAG '" + dag.dagId() + "' has no task '" + taskId + "'");
        }
        String json = inputs.get(taskId);
        if (json == null) {
            throw new IllegalStateException("task '" + taskId + "' has no output here: tasks test runs one task"
                    + " alone; give its output with --input " + taskId + "=JSON");
        }
        return json;
    }
}
