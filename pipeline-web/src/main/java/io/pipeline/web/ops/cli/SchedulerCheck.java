package io.pipeline.web.ops.cli;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Timestamp;
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
        Timestamp latest = jdbc.sql("""
                SELECT max(heartbeat_at) FROM node WHERE state = 'running' AND 'scheduler' = ANY (roles)
                """).query(Timestamp.class).single();
        return latest != null && Duration.between(latest.toInstant(), clock.instant()).compareTo(THRESHOLD) <= 0;
    }
}
