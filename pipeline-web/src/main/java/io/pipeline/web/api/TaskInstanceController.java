package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.store.Page;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskLogText;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/** Airflow's task-instance endpoints of one run: list, get (unmapped or by map index), and a try's log. */
@RequiresRole(Role.VIEWER)
@RestController
@RequestMapping("/api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances")
public class TaskInstanceController {

    private final TaskInstanceService instances;
    private final DagRegistry registry;

    public TaskInstanceController(TaskInstanceService instances, DagRegistry registry) {
        this.instances = instances;
        this.registry = registry;
    }

    @GetMapping
    public TaskInstanceJson.Collection list(@PathVariable String dagId, @PathVariable String dagRunId,
                                            @RequestParam(required = false) Integer limit,
                                            @RequestParam(required = false) Integer offset) {
        requireDag(dagId);
        PageRequest page = PageRequest.of(limit, offset, null, Set.of("id"), "id");
        Page<TaskInstanceRow> found = instances.list(dagId, dagRunId, page.limit(), page.offset());
        return new TaskInstanceJson.Collection(found.items().stream().map(TaskInstanceJson::of).toList(),
                found.totalEntries());
    }

    @GetMapping("/{taskId}")
    public TaskInstanceJson get(@PathVariable String dagId, @PathVariable String dagRunId,
                                @PathVariable String taskId) {
        return TaskInstanceJson.of(find(dagId, dagRunId, taskId, -1));
    }

    @GetMapping("/{taskId}/{mapIndex:\\d+}")
    public TaskInstanceJson getMapped(@PathVariable String dagId, @PathVariable String dagRunId,
                                      @PathVariable String taskId, @PathVariable int mapIndex) {
        return TaskInstanceJson.of(find(dagId, dagRunId, taskId, mapIndex));
    }

    /**
     * The log of one try: JSON {@code {"continuation_token", "content"}}, or the bare text with
     * {@code Accept: text/plain}. The token is null once the try has ended; while it runs, passing the token back
     * returns only what was written since.
     */
    @GetMapping("/{taskId}/logs/{tryNumber}")
    public ResponseEntity<?> log(@PathVariable String dagId, @PathVariable String dagRunId,
                                 @PathVariable String taskId, @PathVariable int tryNumber,
                                 @RequestParam(name = "map_index", required = false, defaultValue = "-1") int mapIndex,
                                 @RequestParam(required = false) String token,
                                 @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        find(dagId, dagRunId, taskId, mapIndex);
        TaskLogText log = instances.log(dagId, dagRunId, taskId, mapIndex, tryNumber)
                .orElseThrow(() -> ApiException.notFound("Task instance '" + taskId + "' of run '" + dagRunId
                        + "' has no try " + tryNumber));
        String text = log.text() == null ? "" : log.text();
        String content = text.substring(Math.min(text.length(), LogToken.position(token)));
        if (accept != null && accept.contains(MediaType.TEXT_PLAIN_VALUE) && !accept.contains("json")) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(content);
        }
        String next = log.finished() ? null : LogToken.of(text.length());
        return ResponseEntity.ok(new LogJson(next, content));
    }

    public record LogJson(String continuationToken, String content) {
    }

    private TaskInstanceRow find(String dagId, String dagRunId, String taskId, int mapIndex) {
        requireDag(dagId);
        return instances.get(dagId, dagRunId, taskId, mapIndex).orElseThrow(() -> {
            List<TaskInstanceRow> mapped = mapIndex >= 0 ? List.of() : instances.instancesOf(dagId, dagRunId, taskId);
            if (!mapped.isEmpty()) {
                return ApiException.notFound("Task '" + taskId + "' is mapped (" + mapped.size() + " instances); use"
                        + " .../taskInstances/" + taskId + "/{map_index}");
            }
            return ApiException.notFound("Task instance '" + taskId + "'" + (mapIndex >= 0 ? "[" + mapIndex + "]" : "")
                    + " not found in run '" + dagRunId + "' of DAG '" + dagId + "'");
        });
    }

    private void requireDag(String dagId) {
        if (registry.find(dagId).isEmpty()) {
            throw new DagNotFoundException(dagId);
        }
    }
}
