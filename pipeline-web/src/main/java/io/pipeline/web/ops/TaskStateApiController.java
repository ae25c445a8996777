package io.pipeline.web.ops;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.ops.MarkRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.web.api.ApiException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Set;

/**
 * Airflow's {@code POST /dags/{dag_id}/updateTaskInstancesState} (UpdateTaskInstancesState): set a task's instances
 * success, failed or skipped in one run (by {@code dag_run_id} or {@code execution_date}), with upstream,
 * downstream, past and future; {@code dry_run} defaults to true as in Airflow.
 */
@RequiresRole(Role.USER)
@RestController
public class TaskStateApiController {

    static final Set<String> FIELDS = Set.of("dry_run", "task_id", "execution_date", "dag_run_id", "include_upstream",
            "include_downstream", "include_future", "include_past", "new_state");

    private final Operations ops;

    public TaskStateApiController(Operations ops) {
        this.ops = ops;
    }

    @PostMapping("/api/v1/dags/{dagId}/updateTaskInstancesState")
    public TaskInstanceReferenceJson.Collection update(@PathVariable String dagId,
                                                       @RequestBody(required = false) JsonNode body) {
        PathIds.dagId(dagId);
        JsonBody b = JsonBody.of(body, FIELDS, "UpdateTaskInstancesState");
        String taskId = PathIds.taskId("task_id", b.requiredText("task_id"));
        TaskState newState = newState(b.requiredText("new_state"));
        String runId = b.text("dag_run_id");
        Instant executionDate = b.instant("execution_date");
        if ((runId == null) == (executionDate == null)) {
            throw ApiException.badRequest("Give exactly one of 'dag_run_id' and 'execution_date'");
        }
        if (runId == null) {
            runId = ops.runAt(dagId, executionDate).map(DagRunRow::runId).orElseThrow(() -> ApiException.notFound(
                    "Task instance not found for task '" + taskId + "' on execution_date " + executionDate));
        } else {
            PathIds.runId("dag_run_id", runId);
        }
        TaskScope tasks = TaskScope.ids(taskId).withUpstream(b.bool("include_upstream", false))
                .withDownstream(b.bool("include_downstream", false));
        RunScope runs = RunScope.run(runId).withPast(b.bool("include_past", false))
                .withFuture(b.bool("include_future", false));
        MarkRequest request = new MarkRequest(dagId, tasks, runs, newState, b.bool("dry_run", true));
        return TaskInstanceReferenceJson.Collection.of(ops.mark(request, Actors.current()));
    }

    private static TaskState newState(String value) {
        return switch (value) {
            case "success" -> TaskState.SUCCESS;
            case "failed" -> TaskState.FAILED;
            case "skipped" -> TaskState.SKIPPED;
            default -> throw ApiException.badRequest("Field 'new_state': '" + value
                    + "' is not one of success, failed, skipped");
        };
    }
}
