package io.pipeline.web.ops;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.store.DagRunRow;
import io.pipeline.web.api.ApiException;
import io.pipeline.web.api.DagRunJson;
import io.pipeline.web.api.Instants;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.TaskInstanceJson;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

import static io.pipeline.web.api.JsonRequest.flag;

/**
 * Airflow's clear endpoints: {@code POST /dags/{dag_id}/clearTaskInstances} (ClearTaskInstances: tasks by id or
 * {@code task_regex} (ours), one run or a date range, upstream/downstream, past/future, only failed/running) and
 * {@code POST /dags/{dag_id}/dagRuns/{dag_run_id}/clear} (every TI of one run). As in Airflow, {@code dry_run}
 * defaults to true and ClearTaskInstances' {@code only_failed} too.
 */
@RequiresRole(Role.USER)
@RestController
public class ClearApiController {

    private final Operations ops;
    private final DagRunService runs;
    private final TaskInstanceService instances;
    private final Validator validator;

    public ClearApiController(Operations ops, DagRunService runs, TaskInstanceService instances, Validator validator) {
        this.ops = ops;
        this.runs = runs;
        this.instances = instances;
        this.validator = validator;
    }

    @PostMapping("/api/v1/dags/{dagId}/clearTaskInstances")
    public TaskInstanceReferenceJson.Collection clearTaskInstances(
            @PathVariable String dagId, @Valid @RequestBody(required = false) ClearTaskInstances body) {
        PathIds.dagId(dagId);
        ClearTaskInstances b = JsonRequest.orEmpty(body, ClearTaskInstances::empty, validator);
        if (b.taskIds() != null) {
            b.taskIds().forEach(t -> PathIds.taskId("task_ids", t));
        }
        TaskScope tasks = new TaskScope(b.taskIds(), b.taskRegex(), flag(b.includeUpstream(), false),
                flag(b.includeDownstream(), false));
        String runId = b.dagRunId();
        if (runId != null) {
            PathIds.runId("dag_run_id", runId);
        }
        Instant start = Instants.field("start_date", b.startDate());
        Instant end = Instants.field("end_date", b.endDate());
        if (runId != null && (start != null || end != null)) {
            throw ApiException.badRequest("Give either 'dag_run_id' or 'start_date'/'end_date', not both");
        }
        RunScope scope = new RunScope(runId, start, end, flag(b.includePast(), false), flag(b.includeFuture(), false));
        ClearRequest request = new ClearRequest(dagId, tasks, scope, flag(b.onlyFailed(), true),
                flag(b.onlyRunning(), false), flag(b.resetDagRuns(), true), flag(b.dryRun(), true));
        return TaskInstanceReferenceJson.Collection.of(ops.clear(request, Actors.current()));
    }

    /** Not a dry run: the run as it is after the clear (DAGRun); a dry run: the TIs it would clear. */
    @PostMapping("/api/v1/dags/{dagId}/dagRuns/{dagRunId}/clear")
    public Object clearDagRun(@PathVariable String dagId, @PathVariable String dagRunId,
                              @Valid @RequestBody(required = false) ClearDagRun body) {
        PathIds.dagId(dagId);
        PathIds.runId("dag_run_id", dagRunId);
        boolean dryRun = flag(JsonRequest.orEmpty(body, ClearDagRun::empty, validator).dryRun(), true);
        ClearRequest request = new ClearRequest(dagId, TaskScope.all(), RunScope.run(dagRunId), false, false, true,
                dryRun);
        ops.clear(request, Actors.current());
        if (dryRun) {
            List<TaskInstanceJson> tis = instances.all(dagId, dagRunId).stream().map(TaskInstanceJson::of).toList();
            return new TaskInstanceJson.Collection(tis, tis.size());
        }
        DagRunRow run = runs.get(dagId, dagRunId).orElseThrow(() -> new DagRunNotFoundException(dagId, dagRunId));
        return DagRunJson.of(run);
    }
}
