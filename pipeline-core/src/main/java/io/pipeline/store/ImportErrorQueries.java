package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The import errors recorded when DAG classes fail to load or validate (Airflow's {@code /importErrors}). */
public class ImportErrorQueries {

    /** One recorded import error: {@code fileloc} is the defining class, {@code message} names the DAG and task. */
    public record ImportErrorRow(long id, Instant createdAt, String fileloc, String message, String dagId) {
    }

    /** What a page can be ordered by; each value names its column, so no request text reaches the SQL. */
    public enum Order {
        ID("id"), CREATED_AT("created_at"), FILELOC("fileloc");

        private final String column;

        Order(String column) {
            this.column = column;
        }
    }

    private final JdbcClient jdbc;

    public ImportErrorQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One page ordered by {@code order}, ties broken by id in the same direction, and the total count. */
    public Page<ImportErrorRow> page(Order order, boolean descending, int limit, int offset) {
        String direction = descending ? " DESC" : " ASC";
        List<ImportErrorRow> rows = jdbc.sql("SELECT * FROM import_error ORDER BY " + order.column + direction
                        + ", id" + direction + " LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset)
                .query(ImportErrorQueries::map).list();
        long total = jdbc.sql("SELECT count(*) FROM import_error").query(Long.class).single();
        return new Page<>(rows, total);
    }

    public Optional<ImportErrorRow> find(long id) {
        return jdbc.sql("SELECT * FROM import_error WHERE id = :id").param("id", id)
                .query(ImportErrorQueries::map).optional();
    }

    private static ImportErrorRow map(ResultSet rs, int row) throws SQLException {
        return new ImportErrorRow(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("fileloc"), rs.getString("message"), rs.getString("dag_id"));
    }
}
