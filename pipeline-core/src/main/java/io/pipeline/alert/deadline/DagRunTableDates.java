package io.pipeline.alert.deadline;

import io.pipeline.dag.alert.RunDates;
import io.pipeline.schedule.DataInterval;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads a run's data interval and session from the engine's {@code dag_run} table, inside the state change's
 * transaction (so a run created in that transaction is visible). A run it cannot find falls back to its logical
 * date alone.
 */
public final class DagRunTableDates implements RunDatesResolver {

    private static final String SELECT = """
            SELECT data_interval_start, data_interval_end, session_date FROM dag_run
            WHERE dag_id = :dag AND run_id = :run
            """;

    private final JdbcClient jdbc;

    public DagRunTableDates(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public RunDates resolve(String dagId, String runId, Instant logicalDate) {
        return jdbc.sql(SELECT).param("dag", dagId).param("run", runId)
                .query((rs, i) -> {
                    LocalDate session = rs.getObject("session_date", LocalDate.class);
                    return new RunDates(logicalDate, DataInterval.between(Timestamps.read(rs, "data_interval_start"),
                            Timestamps.read(rs, "data_interval_end")), session);
                })
                .optional()
                .orElseGet(() -> RunDates.ofLogicalDate(logicalDate));
    }
}
