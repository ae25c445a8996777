package io.pipeline.engine;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;

/** Refreshes the queued/running gauges from the database (all nodes), using the small active-TI index. */
public final class ActiveGaugesStep implements SchedulerStep {
    private final JdbcClient jdbc;
    private final EngineMetrics metrics;

    public ActiveGaugesStep(JdbcClient jdbc, EngineMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "active_gauges";
    }

    @Override
    public void run(Instant now) {
        jdbc.sql("""
                SELECT count(*) FILTER (WHERE state = 'queued') AS q, count(*) FILTER (WHERE state = 'running') AS r
                FROM task_instance WHERE state IN ('queued', 'running')
                """)
                .query(rs -> {
                    metrics.setActive(rs.getLong("q"), rs.getLong("r"));
                });
    }
}
