package io.pipeline.task.io;

import io.pipeline.schedule.DataInterval;
import io.pipeline.task.TaskContext;
import io.pipeline.task.TypeToken;
import org.slf4j.Logger;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A task context for running one task directly in a test: resources, params, upstream outputs and the session are
 * set by the test; upstream outputs go through a JSON round trip as they would through XCom; the log is recorded.
 */
public final class TestTaskContext implements TaskContext {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String dagId = "test_dag";
    private String taskId = "test_task";
    private String runId = "manual__2026-11-20T00:00:00Z";
    private int mapIndex = -1;
    private int tryNumber = 1;
    private Instant logicalDate = Instant.parse("2026-11-20T00:00:00Z");
    private LocalDate session = LocalDate.parse("2026-11-20");
    private String runType = "manual";
    private boolean latest = true;
    private Clock clock = Clock.fixed(Instant.parse("2026-11-20T22:00:00Z"), ZoneOffset.UTC);
    private Object mapItem;
    private final Map<String, Object> params = new HashMap<>();
    private final Map<Class<?>, Object> resources = new HashMap<>();
    private final Map<String, Object> inputs = new HashMap<>();
    private final RecordingLogger log = new RecordingLogger();

    public static TestTaskContext create() {
        return new TestTaskContext();
    }

    public <T> TestTaskContext with(Class<T> type, T resource) {
        resources.put(type, resource);
        return this;
    }

    public TestTaskContext dag(String id) {
        this.dagId = id;
        return this;
    }

    public TestTaskContext task(String id) {
        this.taskId = id;
        return this;
    }

    public TestTaskContext run(String id) {
        this.runId = id;
        return this;
    }

    public TestTaskContext tryNumber(int n) {
        this.tryNumber = n;
        return this;
    }

    public TestTaskContext session(LocalDate s) {
        this.session = s;
        if (s != null) {
            this.logicalDate = s.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return this;
    }

    public TestTaskContext logicalDate(Instant t) {
        this.logicalDate = t;
        return this;
    }

    public TestTaskContext clock(Clock c) {
        this.clock = c;
        return this;
    }

    public TestTaskContext param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    public TestTaskContext input(String upstreamTaskId, Object output) {
        inputs.put(upstreamTaskId, output);
        return this;
    }

    public TestTaskContext mapItem(int index, Object item) {
        this.mapIndex = index;
        this.mapItem = item;
        return this;
    }

    public TestTaskContext latest(boolean isLatest) {
        this.latest = isLatest;
        return this;
    }

    public RecordingLogger recorded() {
        return log;
    }

    @Override public String dagId() { return dagId; }
    @Override public String taskId() { return taskId; }
    @Override public String runId() { return runId; }
    @Override public int mapIndex() { return mapIndex; }
    @Override public int tryNumber() { return tryNumber; }
    @Override public int maxTries() { return 3; }
    @Override public Instant logicalDate() { return logicalDate; }

    @Override
    public DataInterval dataInterval() {
        return DataInterval.exact(logicalDate);
    }

    @Override public LocalDate session() { return session; }
    @Override public String runType() { return runType; }
    @Override public Map<String, Object> params() { return Map.copyOf(params); }

    @Override
    public <T> T param(String name, Class<T> type) {
        Object v = params.get(name);
        return v == null ? null : JSON.convertValue(v, type);
    }

    @Override public Clock clock() { return clock; }
    @Override public Logger log() { return log; }

    @Override
    public <T> T input(String upstream, Class<T> type) {
        return JSON.readValue(JSON.writeValueAsString(rawInput(upstream)), type);
    }

    @Override
    public <T> T input(String upstream, TypeToken<T> type) {
        return JSON.readValue(JSON.writeValueAsString(rawInput(upstream)), JSON.constructType(type.type()));
    }

    @Override
    public <T> List<T> inputs(String mappedTaskId, Class<T> type) {
        List<?> all = (List<?>) rawInput(mappedTaskId);
        return all.stream().map(o -> JSON.readValue(JSON.writeValueAsString(o), type)).toList();
    }

    @Override
    public <T> T mapItem(Class<T> type) {
        return JSON.readValue(JSON.writeValueAsString(mapItem), type);
    }

    @Override
    public <T> T mapItem(TypeToken<T> type) {
        return JSON.readValue(JSON.writeValueAsString(mapItem), JSON.constructType(type.type()));
    }

    @Override public boolean isLatestRun() { return latest; }

    @Override
    public <T> T resource(Class<T> type) {
        Object r = resources.get(type);
        if (r == null) {
            throw new NoSuchElementException("no resource of type " + type.getName() + " in this test context");
        }
        return type.cast(r);
    }

    private Object rawInput(String upstream) {
        if (!inputs.containsKey(upstream)) {
            throw new NoSuchElementException("no output of upstream task '" + upstream + "'");
        }
        return inputs.get(upstream);
    }
}
