package io.pipeline.web.api;

import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Page;
import io.pipeline.store.XComQueries;
import io.pipeline.store.XComRow;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;

/**
 * Airflow's XCom entries of a task instance. Values are stored as JSON: with {@code deserialize=true} the entry's
 * {@code value} is that JSON value; by default it is its text, as Airflow returns the serialized form.
 */
@RequiresRole(Role.VIEWER)
@RestController
@RequestMapping("/api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/xcomEntries")
public class XComController {

    private final DagRegistry registry;
    private final DagRunService runs;
    private final TaskInstanceService instances;
    private final XComQueries xcoms;

    public XComController(DagRegistry registry, DagRunService runs, TaskInstanceService instances,
                          XComQueries xcoms) {
        this.registry = registry;
        this.runs = runs;
        this.instances = instances;
        this.xcoms = xcoms;
    }

    @GetMapping
    public XComJson.Collection list(@PathVariable String dagId, @PathVariable String dagRunId,
                                    @PathVariable String taskId,
                                    @RequestParam(name = "map_index", required = false) Integer mapIndex,
                                    @RequestParam(required = false) Integer limit,
                                    @RequestParam(required = false) Integer offset) {
        DagRunRow run = run(dagId, dagRunId);
        PageRequest page = PageRequest.of(limit, offset, null, Set.of("key"), "key");
        Page<XComRow> found = xcoms.list(run.id(), taskId, mapIndex, page.limit(), page.offset());
        return new XComJson.Collection(found.items().stream().map(x -> XComJson.Item.of(dagId, run, x)).toList(),
                found.totalEntries());
    }

    @GetMapping("/{xcomKey}")
    public XComJson get(@PathVariable String dagId, @PathVariable String dagRunId, @PathVariable String taskId,
                        @PathVariable String xcomKey,
                        @RequestParam(name = "map_index", required = false, defaultValue = "-1") int mapIndex,
                        @RequestParam(required = false, defaultValue = "false") boolean deserialize) {
        DagRunRow run = run(dagId, dagRunId);
        XComRow x = instances.xcom(dagId, dagRunId, taskId, mapIndex, xcomKey)
                .orElseThrow(() -> ApiException.notFound("XCom entry '" + xcomKey + "' of task '" + taskId + "'"
                        + (mapIndex >= 0 ? "[" + mapIndex + "]" : "") + " in run '" + dagRunId + "' not found"));
        return XComJson.of(dagId, run, x, deserialize);
    }

    private DagRunRow run(String dagId, String runId) {
        if (registry.find(dagId).isEmpty()) {
            throw new DagNotFoundException(dagId);
        }
        return runs.get(dagId, runId).orElseThrow(() -> new DagRunNotFoundException(dagId, runId));
    }
}
