package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private static final Map<String, String> ORDER_COLUMNS = Map.of(
            "import_error_id", "id", "timestamp", "created_at", "filename", "fileloc");

    private final JdbcClient jdbc;

    public ImportErrorController(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
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
        PageRequest page = PageRequest.of(limit, offset, orderBy, ORDER_COLUMNS.keySet(), "import_error_id");
        // The ORDER BY column comes from the fixed map above, never from the request text.
        String order = page.sqlOrder(ORDER_COLUMNS.get(page.orderBy()), "id");
        List<ImportErrorJson> rows = jdbc.sql("SELECT * FROM import_error ORDER BY " + order
                        + " LIMIT :limit OFFSET :offset")
                .param("limit", page.limit()).param("offset", page.offset())
                .query(ImportErrorController::map).list();
        long total = jdbc.sql("SELECT count(*) FROM import_error").query(Long.class).single();
        return new Collection(rows, total);
    }

    @GetMapping("/{importErrorId}")
    public ImportErrorJson get(@PathVariable long importErrorId) {
        return jdbc.sql("SELECT * FROM import_error WHERE id = :id").param("id", importErrorId)
                .query(ImportErrorController::map).optional()
                .orElseThrow(() -> ApiException.notFound("Import error " + importErrorId + " not found"));
    }

    private static ImportErrorJson map(ResultSet rs, int row) throws SQLException {
        return new ImportErrorJson(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("fileloc"), rs.getString("message"), rs.getString("dag_id"));
    }
}
