package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.engine.DagRunService;
import io.pipeline.ops.ConfLimit;
import io.pipeline.ops.Operations;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Page;
import io.pipeline.web.engine.EngineLifecycle;
import org.springframework.web.bind.annotation.GetMapping;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/** Airflow's DAG-run endpoints: list (with its filters), trigger, get. {@code ~} as dag_id lists every DAG's runs. */
@RequiresRole(Role.VIEWER)
@RestController
@RequestMapping("/api/v1/dags/{dagId}/dagRuns")
public class DagRunController {

    static final Set<String> ORDER_FIELDS = Set.of("id", "dag_id", "dag_run_id", "run_id", "execution_date",
            "logical_date", "start_date", "end_date", "state", "run_type");

    private final DagRunService runs;
    private final DagRegistry registry;
    private final EngineLifecycle engine;
    private final Operations operations;

    public DagRunController(DagRunService runs, DagRegistry registry, EngineLifecycle engine, Operations operations) {
        this.operations = operations;
        this.runs = runs;
        this.registry = registry;
        this.engine = engine;
    }

    @GetMapping
    public DagRunJson.Collection list(@PathVariable String dagId,
                                      @RequestParam(required = false) Integer limit,
                                      @RequestParam(required = false) Integer offset,
                                      @RequestParam(name = "order_by", required = false) String orderBy,
                                      @RequestParam(required = false) List<String> state,
                                      @RequestParam(name = "execution_date_gte", required = false) String ldGte,
                                      @RequestParam(name = "execution_date_lte", required = false) String ldLte,
                                      @RequestParam(name = "start_date_gte", required = false) String startGte,
                                      @RequestParam(name = "start_date_lte", required = false) String startLte,
                                      @RequestParam(name = "end_date_gte", required = false) String endGte,
                                      @RequestParam(name = "end_date_lte", required = false) String endLte) {
        if (!"~".equals(dagId)) {
            requireDag(dagId);
        }
        PageRequest page = PageRequest.of(limit, offset, orderBy, ORDER_FIELDS, "execution_date");
        DagRunFilter filter = new DagRunFilter(states(state), null,
                Instants.parameter("execution_date_gte", ldGte), Instants.parameter("execution_date_lte", ldLte),
                Instants.parameter("start_date_gte", startGte), Instants.parameter("start_date_lte", startLte),
                Instants.parameter("end_date_gte", endGte), Instants.parameter("end_date_lte", endLte));
        Page<DagRunRow> found = runs.list(dagId, filter, page.limit(), page.offset(),
                (page.descending() ? "-" : "") + page.orderBy());
        return new DagRunJson.Collection(found.items().stream().map(DagRunJson::of).toList(), found.totalEntries());
    }

    /** Triggers a run (state queued). Unknown DAG 404; taken run id or logical date 409; bad fields or conf 400. */
    @RequiresRole(Role.USER)
    @PostMapping
    public DagRunJson trigger(@PathVariable String dagId, @Valid @RequestBody DAGRun body) {
        TriggerRequest request = TriggerRequest.of(body);
        requireDag(dagId);
        try {
            ConfLimit.check(request.conf());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Field 'conf': " + e.getMessage());
        }
        // Through the operations service, so that the trigger is in the audit log with who made it.
        DagRunRow run;
        try {
            run = operations.trigger(dagId, request.dagRunId(), request.logicalDate(), request.conf(),
                    request.note(), request.partitionKey(), ApiCaller.current());
        } catch (io.pipeline.schedule.InvalidDatasetException e) {
            throw ApiException.badRequest("Field 'partition_key': " + e.getMessage());
        }
        engine.wake();
        return DagRunJson.of(run);
    }

    @GetMapping("/{dagRunId}")
    public DagRunJson get(@PathVariable String dagId, @PathVariable String dagRunId) {
        requireDag(dagId);
        return runs.get(dagId, dagRunId).map(DagRunJson::of)
                .orElseThrow(() -> new DagRunNotFoundException(dagId, dagRunId));
    }

    private void requireDag(String dagId) {
        if (registry.find(dagId).isEmpty()) {
            throw new DagNotFoundException(dagId);
        }
    }

    private static List<DagRunState> states(List<String> values) {
        if (values == null) {
            return List.of();
        }
        try {
            return values.stream().flatMap(v -> List.of(v.split(",")).stream()).map(String::trim)
                    .filter(v -> !v.isEmpty()).map(DagRunState::of).toList();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter 'state': " + e.getMessage()
                    + "; use queued, running, success or failed");
        }
    }
}
