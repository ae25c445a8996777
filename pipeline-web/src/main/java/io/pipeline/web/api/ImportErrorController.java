package io.pipeline.web.api;

import io.pipeline.store.ImportErrorQueries.ImportErrorRow;
import io.pipeline.store.ImportErrorQueries.Order;
import io.pipeline.store.ImportErrorQueries;
import io.pipeline.store.Page;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Airflow's {@code GET /importErrors}: DAG classes that failed to load or validate, with the message naming the DAG
 * and the task. {@code filename} is the defining class; {@code stack_trace} the message.
 */
@RequiresRole(Role.VIEWER)
@RestController
@RequestMapping("/api/v1/importErrors")
public class ImportErrorController {

    private static final Map<String, Order> ORDER_FIELDS = Map.of(
            "import_error_id", Order.ID, "timestamp", Order.CREATED_AT, "filename", Order.FILELOC);

    private final ImportErrorQueries queries;

    public ImportErrorController(ImportErrorQueries queries) {
        this.queries = queries;
    }

    public record ImportErrorJson(long importErrorId, Instant timestamp, String filename, String stackTrace,
                                  String dagId) {
    }

    public record Collection(List<ImportErrorJson> importErrors, long totalEntries) {
    }

    @GetMapping
    public Collection list(@RequestParam(required = false) Integer limit,
                           @RequestParam(required = false) Integer offset,
                           @RequestParam(name = "order_by", required = false) String orderBy) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, ORDER_FIELDS.keySet(), "import_error_id");
        Page<ImportErrorRow> rows = queries.page(ORDER_FIELDS.get(page.orderBy()), page.descending(), page.limit(),
                page.offset());
        return new Collection(rows.items().stream().map(ImportErrorController::json).toList(), rows.totalEntries());
    }

    @GetMapping("/{importErrorId}")
    public ImportErrorJson get(@PathVariable long importErrorId) {
        return queries.find(importErrorId).map(ImportErrorController::json)
                .orElseThrow(() -> ApiException.notFound("Import error " + importErrorId + " not found"));
    }

    private static ImportErrorJson json(ImportErrorRow r) {
        return new ImportErrorJson(r.id(), r.createdAt(), r.fileloc(), r.message(), r.dagId());
    }
}
