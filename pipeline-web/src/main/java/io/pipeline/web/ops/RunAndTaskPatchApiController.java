package io.pipeline.web.ops;

import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.TaskInstanceDetail;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.ops.MarkRequest;
import io.pipeline.ops.NoteOperation;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskTryRow;
import io.pipeline.web.api.ApiException;
import io.pipeline.web.api.DagRunJson;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.TaskInstanceJson;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/**
 * Airflow's PATCH of a DAG run's state and a task instance's state, their notes, and the tries of a task instance.
 * State changes go through the operations' mark and clear (the transition table and the state gates), audited:
 * <ul>
 *   <li>run {@code success}: as Airflow's {@code set_dag_run_state_to_success}, every task instance of the run not
 *   yet successful (and not removed) becomes success, a running try ending, and the run becomes success at once;</li>
 *   <li>run {@code failed}: as Airflow's {@code set_dag_run_state_to_failed}, the running (also deferred or
 *   between reschedule pokes) task instances become failed, the other unfinished ones skipped, finished ones keep
 *   their state, and the run becomes failed at once;</li>
 *   <li>run {@code queued}: as Airflow's {@code set_dag_run_state_to_queued}, the run goes back to queued (start
 *   and end cleared) and its task instances keep their states.</li>
 * </ul>
 */
@RequiresRole(Role.USER)
@RestController
@RequestMapping("/api/v1/dags/{dagId}/dagRuns/{dagRunId}")
public class RunAndTaskPatchApiController {

    private final Operations ops;
    private final NoteOperation notes;
    private final DagRunService runs;
    private final TaskInstanceService instances;

    public RunAndTaskPatchApiController(Operations ops, NoteOperation notes, DagRunService runs,
                                        TaskInstanceService instances) {
        this.ops = ops;
        this.notes = notes;
        this.runs = runs;
        this.instances = instances;
    }

    @PatchMapping
    public DagRunJson patchRun(@PathVariable String dagId, @PathVariable String dagRunId,
                               @Valid @RequestBody UpdateDagRunState body) {
        ids(dagId, dagRunId);
        run(dagId, dagRunId);
        switch (body.state()) {
            case "success" -> ops.succeedRun(dagId, dagRunId, Actors.current());
            case "failed" -> ops.failRun(dagId, dagRunId, Actors.current());
            case "queued" -> ops.queueRun(dagId, dagRunId, Actors.current());
            default -> throw ApiException.badRequest("Field 'state': '" + body.state()
                    + "' is not one of success, failed, queued");
        }
        return DagRunJson.of(run(dagId, dagRunId));
    }

    @PatchMapping("/setNote")
    public DagRunJson setRunNote(@PathVariable String dagId, @PathVariable String dagRunId,
                                 @Valid @RequestBody SetNote body) {
        ids(dagId, dagRunId);
        if (!notes.setRunNote(dagId, dagRunId, body.note(), Actors.current())) {
            throw new DagRunNotFoundException(dagId, dagRunId);
        }
        return DagRunJson.of(run(dagId, dagRunId));
    }

    /** Marks one task instance (Airflow's {@code UpdateTaskInstance}); a dry run only says which it would be. */
    @PatchMapping("/taskInstances/{taskId}")
    public TaskInstanceReferenceJson patchTaskInstance(@PathVariable String dagId, @PathVariable String dagRunId,
                                                       @PathVariable String taskId,
                                                       @Valid @RequestBody UpdateTaskInstance body) {
        return patch(dagId, dagRunId, taskId, -1, body);
    }

    /** Marks one instance of a mapped task (Airflow's {@code patch_mapped_task_instance}), same body. */
    @PatchMapping("/taskInstances/{taskId}/{mapIndex:\\d+}")
    public TaskInstanceReferenceJson patchMappedTaskInstance(@PathVariable String dagId, @PathVariable String dagRunId,
                                                             @PathVariable String taskId, @PathVariable int mapIndex,
                                                             @Valid @RequestBody UpdateTaskInstance body) {
        return patch(dagId, dagRunId, taskId, mapIndex, body);
    }

    private TaskInstanceReferenceJson patch(String dagId, String dagRunId, String taskId, int mapIndex,
                                            UpdateTaskInstance body) {
        ids(dagId, dagRunId);
        PathIds.taskId("task_id", taskId);
        TaskState state = switch (body.newState()) {
            case "success" -> TaskState.SUCCESS;
            case "failed" -> TaskState.FAILED;
            case "skipped" -> TaskState.SKIPPED;
            default -> throw ApiException.badRequest("Field 'new_state': '" + body.newState()
                    + "' is not one of success, failed, skipped");
        };
        TaskInstanceRow ti = ti(dagId, dagRunId, taskId, mapIndex);
        MarkRequest mark = new MarkRequest(dagId, TaskScope.ids(taskId), RunScope.run(dagRunId), state,
                JsonRequest.flag(body.dryRun(), true));
        ops.mark(mapIndex >= 0 ? mark.withMapIndexes(List.of(mapIndex)) : mark, Actors.current());
        if (body.note() != null && !JsonRequest.flag(body.dryRun(), true)) {
            notes.setTaskInstanceNote(dagId, dagRunId, taskId, mapIndex, body.note(), Actors.current());
        }
        return new TaskInstanceReferenceJson(ti.taskId(), dagId, ti.logicalDate(), dagRunId);
    }

    @PatchMapping("/taskInstances/{taskId}/setNote")
    public TaskInstanceJson setTaskInstanceNote(@PathVariable String dagId, @PathVariable String dagRunId,
                                                @PathVariable String taskId, @Valid @RequestBody SetNote body) {
        ids(dagId, dagRunId);
        PathIds.taskId("task_id", taskId);
        ti(dagId, dagRunId, taskId);
        notes.setTaskInstanceNote(dagId, dagRunId, taskId, -1, body.note(), Actors.current());
        return TaskInstanceJson.of(ti(dagId, dagRunId, taskId));
    }

    /** Every try of the task instance, oldest first, the current one last (Airflow's {@code TaskInstanceCollection}). */
    @RequiresRole(Role.VIEWER)
    @GetMapping("/taskInstances/{taskId}/tries")
    public TaskInstanceJson.Collection tries(@PathVariable String dagId, @PathVariable String dagRunId,
                                             @PathVariable String taskId) {
        ids(dagId, dagRunId);
        PathIds.taskId("task_id", taskId);
        TaskInstanceDetail detail = instances.detail(dagId, dagRunId, taskId, -1).orElseThrow(() -> notFound(
                dagId, dagRunId, taskId));
        TaskInstanceRow ti = detail.instance();
        List<TaskInstanceJson> out = new ArrayList<>();
        int last = 0;
        for (TaskTryRow t : detail.tries()) {
            out.add(TaskInstanceJson.ofTry(ti, t));
            last = Math.max(last, t.tryNumber());
        }
        if (ti.tryNumber() > last) {
            out.add(TaskInstanceJson.of(ti));
        }
        return new TaskInstanceJson.Collection(out, out.size());
    }

    private DagRunRow run(String dagId, String runId) {
        return runs.get(dagId, runId).orElseThrow(() -> new DagRunNotFoundException(dagId, runId));
    }

    private TaskInstanceRow ti(String dagId, String runId, String taskId) {
        return ti(dagId, runId, taskId, -1);
    }

    private TaskInstanceRow ti(String dagId, String runId, String taskId, int mapIndex) {
        run(dagId, runId);
        return instances.get(dagId, runId, taskId, mapIndex).orElseThrow(() -> notFound(dagId, runId,
                mapIndex < 0 ? taskId : taskId + "[" + mapIndex + "]"));
    }

    private static ApiException notFound(String dagId, String runId, String taskId) {
        return ApiException.notFound("Task instance '" + taskId + "' not found in run '" + runId + "' of DAG '"
                + dagId + "'");
    }

    private static void ids(String dagId, String runId) {
        PathIds.dagId(dagId);
        PathIds.runId("dag_run_id", runId);
    }
}
