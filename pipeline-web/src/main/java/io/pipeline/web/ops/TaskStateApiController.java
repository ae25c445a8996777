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
import io.pipeline.web.api.Instants;
import io.pipeline.web.api.JsonRequest;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

import static io.pipeline.web.api.JsonRequest.flag;

/**
 * Airflow's {@code POST /dags/{dag_id}/updateTaskInstancesState} (UpdateTaskInstancesState): set a task's instances
 * success, failed or skipped in one run (by {@code dag_run_id} or {@code execution_date}), with upstream,
 * downstream, past and future; {@code dry_run} defaults to true as in Airflow.
 */
@RequiresRole(Role.USER)
@RestController
public class TaskStateApiController {

    private final Operations ops;
    private final Validator validator;

    public TaskStateApiController(Operations ops, Validator validator) {
        this.ops = ops;
        this.validator = validator;
    }

    @PostMapping("/api/v1/dags/{dagId}/updateTaskInstancesState")
    public TaskInstanceReferenceJson.Collection update(@PathVariable String dagId,
                                                       @Valid @RequestBody(required = false)
                                                       UpdateTaskInstancesState body) {
        PathIds.dagId(dagId);
        UpdateTaskInstancesState b = JsonRequest.orEmpty(body, UpdateTaskInstancesState::empty, validator);
        String taskId = PathIds.taskId("task_id", b.taskId());
        TaskState newState = newState(b.newState());
        String runId = b.dagRunId();
        Instant executionDate = Instants.field("execution_date", b.executionDate());
        if ((runId == null) == (executionDate == null)) {
            throw ApiException.badRequest("Give exactly one of 'dag_run_id' and 'execution_date'");
        }
        if (runId == null) {
            runId = ops.runAt(dagId, executionDate).map(DagRunRow::runId).orElseThrow(() -> ApiException.notFound(
                    "Task instance not found for task '" + taskId + "' on execution_date " + executionDate));
        } else {
            PathIds.runId("dag_run_id", runId);
        }
        TaskScope tasks = TaskScope.ids(taskId).withUpstream(flag(b.includeUpstream(), false))
                .withDownstream(flag(b.includeDownstream(), false));
        RunScope runs = RunScope.run(runId).withPast(flag(b.includePast(), false))
                .withFuture(flag(b.includeFuture(), false));
        MarkRequest request = new MarkRequest(dagId, tasks, runs, newState, flag(b.dryRun(), true));
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
