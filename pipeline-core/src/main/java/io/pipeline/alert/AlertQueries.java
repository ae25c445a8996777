package io.pipeline.alert;

import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Read and operate on alerts, for the REST API ({@code GET /api/v1/alerts}) and the dashboard: list with filters,
 * one alert with its attempts, and re-send of undeliverable alerts once the configuration is fixed.
 */
public final class AlertQueries {

    private static final String COLUMNS = """
            SELECT id, created_at, dag_id, run_id, task_id, map_index, event, notifier, channel, summary, state,
                   attempts, next_attempt_at, last_error, delivered_at, resent_at
            FROM alert_outbox
            """;

    // Every filter is a bound parameter; a null parameter matches everything.
    private static final String WHERE = """
            WHERE (CAST(:dag AS text) IS NULL OR dag_id = :dag)
              AND (CAST(:run AS text) IS NULL OR run_id = :run)
              AND (CAST(:task AS text) IS NULL OR task_id = :task)
              AND (CAST(:state AS text) IS NULL OR state = :state)
              AND (CAST(:event AS text) IS NULL OR event = :event)
              AND (CAST(:notifier AS text) IS NULL OR notifier = :notifier)
              AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)
              AND (CAST(:until AS timestamptz) IS NULL OR created_at < :until)
            """;

    private static final int MAX_LIMIT = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AlertSignal signal;

    public AlertQueries(DataSource dataSource, Clock clock, AlertSignal signal) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.signal = signal;
    }

    /** Newest first. */
    public AlertView.Page list(AlertView.Filter filter, int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        long total = bind(jdbc.sql("SELECT count(*) FROM alert_outbox " + WHERE), filter)
                .query(Long.class).single();
        List<AlertView> alerts = bind(jdbc.sql(COLUMNS + WHERE
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset"), filter)
                .param("limit", limit).param("offset", offset)
                .query(AlertQueries::view).list();
        return new AlertView.Page(total, limit, offset, alerts);
    }

    public Optional<AlertView.Detail> get(long id) {
        Optional<AlertView> alert = jdbc.sql(COLUMNS + " WHERE id = :id").param("id", id)
                .query(AlertQueries::view).optional();
        if (alert.isEmpty()) {
            return Optional.empty();
        }
        String payload = jdbc.sql("SELECT payload::text FROM alert_outbox WHERE id = :id").param("id", id)
                .query(String.class).single();
        List<AlertView.Attempt> attempts = jdbc.sql("""
                        SELECT attempt, at, outcome, http_status, error, duration_ms FROM alert_attempt
                        WHERE alert_id = :id ORDER BY id""")
                .param("id", id)
                .query((rs, i) -> new AlertView.Attempt(rs.getInt("attempt"), Timestamps.read(rs, "at"),
                        rs.getString("outcome"), (Integer) rs.getObject("http_status"), rs.getString("error"),
                        rs.getLong("duration_ms")))
                .list();
        return Optional.of(new AlertView.Detail(alert.get(), AlertJson.readPayload(payload), attempts));
    }

    public enum ResendOutcome { RESENT, NOT_FOUND, NOT_UNDELIVERABLE }

    /** Puts an undeliverable alert back in line, due now; it keeps its place in its run's order. */
    public ResendOutcome resend(long id) {
        int n = jdbc.sql("""
                        UPDATE alert_outbox SET state = 'pending', next_attempt_at = :now, resent_at = :now
                        WHERE id = :id AND state = 'undeliverable'""")
                .param("id", id).param("now", Timestamps.toDb(clock.instant()))
                .update();
        if (n == 1) {
            AfterCommit.run(signal::signal);
            return ResendOutcome.RESENT;
        }
        boolean exists = jdbc.sql("SELECT count(*) FROM alert_outbox WHERE id = :id").param("id", id)
                .query(Long.class).single() > 0;
        return exists ? ResendOutcome.NOT_UNDELIVERABLE : ResendOutcome.NOT_FOUND;
    }

    /** Re-sends every undeliverable alert; returns how many. */
    public int resendAllUndeliverable() {
        int n = jdbc.sql("""
                        UPDATE alert_outbox SET state = 'pending', next_attempt_at = :now, resent_at = :now
                        WHERE state = 'undeliverable'""")
                .param("now", Timestamps.toDb(clock.instant()))
                .update();
        if (n > 0) {
            AfterCommit.run(signal::signal);
        }
        return n;
    }

    public long count(AlertState state) {
        return jdbc.sql("SELECT count(*) FROM alert_outbox WHERE state = :state").param("state", state.value())
                .query(Long.class).single();
    }

    private static StatementSpec bind(StatementSpec spec, AlertView.Filter f) {
        return spec.param("dag", f.dagId()).param("run", f.runId()).param("task", f.taskId())
                .param("state", f.state() == null ? null : f.state().value())
                .param("event", f.event() == null ? null : f.event().value())
                .param("notifier", f.notifier())
                .param("since", Timestamps.toDb(f.since())).param("until", Timestamps.toDb(f.until()));
    }

    private static AlertView view(ResultSet rs, int i) throws SQLException {
        return new AlertView(rs.getLong("id"), Timestamps.read(rs, "created_at"), rs.getString("dag_id"),
                rs.getString("run_id"), rs.getString("task_id"), rs.getInt("map_index"),
                AlertEvent.of(rs.getString("event")), rs.getString("notifier"), rs.getString("channel"),
                rs.getString("summary"), AlertState.of(rs.getString("state")), rs.getInt("attempts"),
                Timestamps.read(rs, "next_attempt_at"), rs.getString("last_error"), Timestamps.read(rs, "delivered_at"),
                Timestamps.read(rs, "resent_at"));
    }
}
