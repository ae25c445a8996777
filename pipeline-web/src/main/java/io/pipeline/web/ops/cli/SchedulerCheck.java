package io.pipeline.web.ops.cli;

import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** Whether some node runs a scheduler (heartbeat within 30 s, as the health endpoint judges it). */
@Component
public class SchedulerCheck {

    static final Duration THRESHOLD = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final Clock clock;

    public SchedulerCheck(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    public boolean alive() {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM node WHERE state = 'running' AND 'scheduler' = ANY (roles)
                               AND heartbeat_at >= :cutoff)
                """)
                .param("cutoff", Timestamps.toDb(clock.instant().minus(THRESHOLD))).query(Boolean.class).single();
    }
}
