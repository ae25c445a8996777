package io.pipeline.task.builtin;

import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.DataInterval;
import io.pipeline.task.TaskContext;
import io.pipeline.task.TypeToken;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A hand-written TaskContext for the calendar tasks: a run's dates, type and a fixed clock. */
final class TestTaskContext implements TaskContext {
    private final DagRunInfo run;
    private final String runType;
    private final boolean latest;
    private final Clock clock;
    private final Map<String, Object> inputs;

    private TestTaskContext(DagRunInfo run, String runType, boolean latest, Clock clock) {
        this(run, runType, latest, clock, Map.of());
    }

    private TestTaskContext(DagRunInfo run, String runType, boolean latest, Clock clock, Map<String, Object> inputs) {
        this.run = run;
        this.runType = runType;
        this.latest = latest;
        this.clock = clock;
        this.inputs = inputs;
    }

    TestTaskContext withInput(String taskId, Object value) {
        Map<String, Object> more = new java.util.HashMap<>(inputs);
        more.put(taskId, value);
        return new TestTaskContext(run, runType, latest, clock, Map.copyOf(more));
    }

    static TestTaskContext scheduled(DagRunInfo run) {
        return new TestTaskContext(run, "scheduled", false, Clock.fixed(run.runAfter(), ZoneOffset.UTC));
    }

    static TestTaskContext manual(Instant logicalDate) {
        return new TestTaskContext(new DagRunInfo(logicalDate, DataInterval.exact(logicalDate), logicalDate, null),
                "manual", false, Clock.fixed(logicalDate, ZoneOffset.UTC));
    }

    TestTaskContext latest(boolean value) {
        return new TestTaskContext(run, runType, value, clock);
    }

    TestTaskContext at(Instant now) {
        return new TestTaskContext(run, runType, latest, Clock.fixed(now, ZoneOffset.UTC));
    }

    TestTaskContext runType(String value) {
        return new TestTaskContext(run, value, latest, clock);
    }

    @Override
    public String dagId() {
        return "test_dag";
    }

    @Override
    public String taskId() {
        return "test_task";
    }

    @Override
    public String runId() {
        return runType + "__" + run.logicalDate();
    }

    @Override
    public int mapIndex() {
        return -1;
    }

    @Override
    public int tryNumber() {
        return 1;
    }

    @Override
    public int maxTries() {
        return 1;
    }

    @Override
    public Instant logicalDate() {
        return run.logicalDate();
    }

    @Override
    public DataInterval dataInterval() {
        return run.dataInterval();
    }

    @Override
    public LocalDate session() {
        return run.session();
    }

    @Override
    public String runType() {
        return runType;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of();
    }

    @Override
    public <T> T param(String name, Class<T> type) {
        throw new UnsupportedOperationException("no params in this test");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Logger log() {
        return NOPLogger.NOP_LOGGER;
    }

    @Override
    public <T> T input(String taskId, Class<T> type) {
        return type.cast(require(taskId));
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T input(String taskId, TypeToken<T> type) {
        return (T) require(taskId);
    }

    private Object require(String taskId) {
        Object v = inputs.get(taskId);
        if (v == null) {
            throw new IllegalArgumentException("no output of task '" + taskId + "'");
        }
        return v;
    }

    @Override
    public <T> List<T> inputs(String mappedTaskId, Class<T> type) {
        throw new UnsupportedOperationException("no inputs in this test");
    }

    @Override
    public <T> T mapItem(Class<T> type) {
        throw new UnsupportedOperationException("not a mapped task");
    }

    @Override
    public <T> T mapItem(TypeToken<T> type) {
        throw new UnsupportedOperationException("not a mapped task");
    }

    @Override
    public boolean isLatestRun() {
        return latest;
    }

    @Override
    public <T> T resource(Class<T> type) {
        throw new UnsupportedOperationException("no resources in this test");
    }
}
