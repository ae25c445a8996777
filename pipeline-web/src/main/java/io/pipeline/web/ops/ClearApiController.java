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
import io.pipeline.web.api.TaskInstanceJson;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Airflow's clear endpoints: {@code POST /dags/{dag_id}/clearTaskInstances} (ClearTaskInstances: tasks by id or
 * {@code task_regex} (ours), one run or a date range, upstream/downstream, past/future, only failed/running) and
 * {@code POST /dags/{dag_id}/dagRuns/{dag_run_id}/clear} (every TI of one run). As in Airflow, {@code dry_run}
 * defaults to true and ClearTaskInstances' {@code only_failed} too.
 */
@RequiresRole(Role.USER)
@RestController
public class ClearApiController {

    static final Set<String> CLEAR_FIELDS = Set.of("dry_run", "task_ids", "task_regex", "start_date", "end_date",
            "only_failed", "only_running", "reset_dag_runs", "dag_run_id", "include_upstream", "include_downstream",
            "include_future", "include_past");

    private final Operations ops;
    private final DagRunService runs;
    private final TaskInstanceService instances;

    public ClearApiController(Operations ops, DagRunService runs, TaskInstanceService instances) {
        this.ops = ops;
        this.runs = runs;
        this.instances = instances;
    }

    @PostMapping("/api/v1/dags/{dagId}/clearTaskInstances")
    public TaskInstanceReferenceJson.Collection clearTaskInstances(@PathVariable String dagId,
                                                                   @RequestBody(required = false) JsonNode body) {
        PathIds.dagId(dagId);
        JsonBody b = JsonBody.of(body, CLEAR_FIELDS, "ClearTaskInstances");
        List<String> taskIds = b.texts("task_ids");
        if (taskIds != null) {
            taskIds.forEach(t -> PathIds.taskId("task_ids", t));
        }
        TaskScope tasks = new TaskScope(taskIds, b.text("task_regex"), b.bool("include_upstream", false),
                b.bool("include_downstream", false));
        String runId = b.text("dag_run_id");
        if (runId != null) {
            PathIds.runId("dag_run_id", runId);
        }
        Instant start = b.instant("start_date");
        Instant end = b.instant("end_date");
        if (runId != null && (start != null || end != null)) {
            throw ApiException.badRequest("Give either 'dag_run_id' or 'start_date'/'end_date', not both");
        }
        RunScope scope = new RunScope(runId, start, end, b.bool("include_past", false),
                b.bool("include_future", false));
        ClearRequest request = new ClearRequest(dagId, tasks, scope, b.bool("only_failed", true),
                b.bool("only_running", false), b.bool("reset_dag_runs", true), b.bool("dry_run", true));
        return TaskInstanceReferenceJson.Collection.of(ops.clear(request, Actors.current()));
    }

    /** Not a dry run: the run as it is after the clear (DAGRun); a dry run: the TIs it would clear. */
    @PostMapping("/api/v1/dags/{dagId}/dagRuns/{dagRunId}/clear")
    public Object clearDagRun(@PathVariable String dagId, @PathVariable String dagRunId,
                              @RequestBody(required = false) JsonNode body) {
        PathIds.dagId(dagId);
        PathIds.runId("dag_run_id", dagRunId);
        JsonBody b = JsonBody.of(body, Set.of("dry_run"), "ClearDagRun");
        boolean dryRun = b.bool("dry_run", true);
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
