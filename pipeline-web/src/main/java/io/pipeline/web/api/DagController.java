package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.ops.Operations;
import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.store.DagRow;
import io.pipeline.web.engine.EngineLifecycle;
import org.springframework.web.bind.annotation.GetMapping;
import jakarta.validation.Validator;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Airflow's DAG endpoints: list, get, pause/unpause, and the tasks of a DAG. */
@RequiresRole(Role.VIEWER)
@RestController
@RequestMapping("/api/v1/dags")
public class DagController {

    private static final int ALL = Integer.MAX_VALUE;
    private static final Map<String, Comparator<DagJson>> DAG_ORDER = Map.of(
            "dag_id", Comparator.comparing(DagJson::dagId),
            "next_dagrun", Comparator.comparing(DagJson::nextDagrun, Comparator.nullsLast(Comparator.naturalOrder())),
            "last_parsed_time", Comparator.comparing(DagJson::lastParsedTime,
                    Comparator.nullsLast(Comparator.naturalOrder())));
    private static final Map<String, Comparator<TaskJson>> TASK_ORDER = Map.of(
            "task_id", Comparator.comparing(TaskJson::taskId),
            "priority_weight", Comparator.comparingInt(TaskJson::priorityWeight),
            "retries", Comparator.comparingInt(TaskJson::retries));

    private final DagRegistry registry;
    private final EngineLifecycle engine;
    private final Operations operations;
    private final Validator validator;

    public DagController(DagRegistry registry, EngineLifecycle engine, Operations operations, Validator validator) {
        this.operations = operations;
        this.validator = validator;
        this.registry = registry;
        this.engine = engine;
    }

    @GetMapping
    public DagJson.Collection list(@RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) Integer offset,
                                   @RequestParam(name = "order_by", required = false) String orderBy,
                                   @RequestParam(required = false) List<String> tags,
                                   @RequestParam(required = false) Boolean paused,
                                   @RequestParam(name = "dag_id_pattern", required = false) String pattern) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, DAG_ORDER.keySet(), "dag_id");
        Comparator<DagJson> order = DAG_ORDER.get(page.orderBy());
        List<DagJson> all = registry.list(pattern, paused, ALL, 0).items().stream()
                .filter(d -> tags == null || tags.isEmpty() || d.tags().stream().anyMatch(tags::contains))
                .map(DagJson::of)
                .sorted(page.descending() ? order.reversed() : order)
                .toList();
        return new DagJson.Collection(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size());
    }

    @GetMapping("/{dagId}")
    public DagJson get(@PathVariable String dagId) {
        return DagJson.of(row(dagId));
    }

    /** Only {@code is_paused} can change (Airflow's rule); {@code update_mask} may name it, and nothing else. */
    @RequiresRole(Role.USER)
    @PatchMapping("/{dagId}")
    public DagJson patch(@PathVariable String dagId,
                         @RequestParam(name = "update_mask", required = false) String updateMask,
                         @RequestBody DAG body) {
        if (updateMask != null) {
            List<String> fields = Arrays.stream(updateMask.split(",")).map(String::trim).toList();
            if (!fields.equals(List.of("is_paused"))) {
                throw ApiException.badRequest("Parameter 'update_mask': only 'is_paused' can be updated, got '"
                        + updateMask + "'");
            }
        }
        JsonRequest.checked(body, validator); // after update_mask, whose error says more
        row(dagId);
        DagRow updated = operations.pause(dagId, body.isPaused(), ApiCaller.current());
        if (!updated.paused()) {
            engine.wake();
        }
        return DagJson.of(updated);
    }

    /** Airflow's {@code DAGDetail}. */
    @GetMapping("/{dagId}/details")
    public DagDetailJson details(@PathVariable String dagId) {
        return DagDetailJson.of(row(dagId), loaded(dagId));
    }

    @GetMapping("/{dagId}/tasks")
    public TaskJson.Collection tasks(@PathVariable String dagId,
                                     @RequestParam(name = "order_by", required = false) String orderBy) {
        Dag dag = loaded(dagId);
        PageRequest page = PageRequest.of(null, null, orderBy, TASK_ORDER.keySet(), "task_id");
        Comparator<TaskJson> order = TASK_ORDER.get(page.orderBy());
        List<TaskJson> tasks = dag.tasks().values().stream().map(t -> TaskJson.of(dag, t))
                .sorted(page.descending() ? order.reversed() : order).toList();
        return new TaskJson.Collection(tasks, tasks.size());
    }

    @GetMapping("/{dagId}/tasks/{taskId}")
    public TaskJson task(@PathVariable String dagId, @PathVariable String taskId) {
        Dag dag = loaded(dagId);
        TaskDef task = dag.tasks().get(taskId);
        if (task == null) {
            throw ApiException.notFound("Task '" + taskId + "' not found in DAG '" + dagId + "'");
        }
        return TaskJson.of(dag, task);
    }

    private DagRow row(String dagId) {
        return registry.find(dagId).orElseThrow(() -> new DagNotFoundException(dagId));
    }

    private Dag loaded(String dagId) {
        row(dagId);
        return registry.require(dagId);
    }
}
