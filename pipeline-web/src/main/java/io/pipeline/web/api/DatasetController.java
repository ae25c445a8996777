package io.pipeline.web.api;

import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.DatasetService;
import io.pipeline.store.DatasetQueries;
import io.pipeline.store.DatasetQueries.EventFilter;
import io.pipeline.store.Page;
import io.pipeline.web.engine.EngineLifecycle;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Airflow's dataset endpoints (stable API v1), with partition keys. */
@RequiresRole(Role.VIEWER)
@RestController
public class DatasetController {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatasetService datasets;
    private final DagRegistry registry;
    private final DagRunService runs;
    private final EngineLifecycle engine;

    public DatasetController(DatasetService datasets, DagRegistry registry, DagRunService runs,
                             EngineLifecycle engine) {
        this.datasets = datasets;
        this.registry = registry;
        this.runs = runs;
        this.engine = engine;
    }

    @GetMapping("/api/v1/datasets")
    public DatasetJson.DatasetCollection list(@RequestParam(required = false) Integer limit,
                                              @RequestParam(required = false) Integer offset,
                                              @RequestParam(name = "order_by", required = false) String orderBy,
                                              @RequestParam(name = "uri_pattern", required = false) String uriPattern) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, DatasetQueries.datasetOrderFields(), "id");
        var found = datasets.list(uriPattern, page.limit(), page.offset(), (page.descending() ? "-" : "") + page.orderBy());
        return new DatasetJson.DatasetCollection(found.items().stream()
                .map(d -> DatasetJson.of(d, datasets.freshness(d.uri()))).toList(),
                found.totalEntries());
    }

    @GetMapping("/api/v1/datasets/events")
    public DatasetJson.DatasetEventCollection events(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) Integer offset,
            @RequestParam(name = "order_by", required = false) String orderBy,
            @RequestParam(name = "dataset_id", required = false) Long datasetId,
            @RequestParam(name = "dataset_uri", required = false) String datasetUri,
            @RequestParam(name = "source_dag_id", required = false) String sourceDagId,
            @RequestParam(name = "source_task_id", required = false) String sourceTaskId,
            @RequestParam(name = "source_run_id", required = false) String sourceRunId,
            @RequestParam(name = "source_map_index", required = false) Integer sourceMapIndex,
            @RequestParam(name = "partition_key", required = false) String partitionKey) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, DatasetQueries.eventOrderFields(), "timestamp");
        Page<DatasetQueries.EventRow> found = datasets.events(new EventFilter(datasetId, datasetUri, sourceDagId,
                        sourceTaskId, sourceRunId, sourceMapIndex, partitionKey), page.limit(), page.offset(),
                (page.descending() ? "-" : "") + page.orderBy());
        return new DatasetJson.DatasetEventCollection(found.items().stream().map(DatasetJson::of).toList(),
                found.totalEntries());
    }

    /**
     * A dataset by its URI (URL-encoded in one segment, Airflow's form: {@code s3%3A%2F%2Fb%2Fk}) or by its id (all
     * digits, as the list shows it). The encoded slash is accepted in this path alone (security.DatasetUriPaths).
     */
    @GetMapping("/api/v1/datasets/{*uri}")
    public DatasetJson.Dataset get(@PathVariable String uri) {
        String decoded = URLDecoder.decode(uri.startsWith("/") ? uri.substring(1) : uri, StandardCharsets.UTF_8);
        var found = datasets.get(decoded);
        if (found.isEmpty() && decoded.matches("\\d{1,18}")) {
            found = datasets.get(Long.parseLong(decoded));
        }
        return found.map(d -> DatasetJson.of(d, datasets.freshness(d.uri())))
                .orElseThrow(() -> ApiException.notFound("The Dataset with uri: '" + decoded + "' was not found"));
    }

    /** An external system reports an update (a vendor file landed). Unknown dataset or a key that is no partition: 400. */
    @RequiresRole(Role.OP)
    @PostMapping("/api/v1/datasets/events")
    public DatasetJson.DatasetEvent create(@Valid @RequestBody CreateDatasetEvent body) {
        String extra = body.extra() == null ? null : JSON.writeValueAsString(body.extra());
        var event = datasets.report(body.datasetUri(), body.partitionKey(), extra);
        engine.wake();
        return DatasetJson.of(event);
    }

    @GetMapping("/api/v1/dags/{dagId}/dagRuns/{dagRunId}/upstreamDatasetEvents")
    public DatasetJson.DatasetEventCollection upstream(@PathVariable String dagId, @PathVariable String dagRunId) {
        if (registry.find(dagId).isEmpty()) {
            throw new DagNotFoundException(dagId);
        }
        runs.get(dagId, dagRunId).orElseThrow(() -> new DagRunNotFoundException(dagId, dagRunId));
        var events = datasets.upstreamEvents(dagId, dagRunId);
        return new DatasetJson.DatasetEventCollection(events.stream().map(DatasetJson::of).toList(), events.size());
    }
}
