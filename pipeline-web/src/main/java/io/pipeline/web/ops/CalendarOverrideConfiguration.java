package io.pipeline.web.ops;

import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.ops.calendar.CalendarOverrideService;
import io.pipeline.ops.calendar.CalendarOverrideSync;
import io.pipeline.web.engine.EngineLifecycle;
import io.pipeline.web.engine.EngineTransactions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/**
 * Calendar overrides on this node: the service (API, dashboard, CLI) and, on every node that runs, the sync that
 * LISTENs for changes made on other nodes and polls the revision every
 * {@code pipeline.calendar.override-poll-interval} (default 2 s) as the fallback. A change wakes this node's scheduler,
 * which recomputes the next run of the DAGs on the changed calendar.
 */
@Configuration
public class CalendarOverrideConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    CalendarOverrideService calendarOverrideService(DataSource dataSource, EngineTransactions transactions,
                                                    CalendarRegistry calendars, Clock clock, EngineLifecycle engine) {
        return new CalendarOverrideService(JdbcClient.create(dataSource), transactions.template(), calendars, clock,
                engine::wake);
    }

    /** Off in the CLI's context ({@code pipeline.calendar.override-sync=false}): a command listens to nothing. */
    @Bean
    @ConditionalOnProperty(name = "pipeline.calendar.override-sync", havingValue = "true", matchIfMissing = true)
    CalendarOverrideSyncLifecycle calendarOverrideSync(DataSource dataSource, CalendarOverrideService service,
                                                       Clock clock,
                                                       @Value("${pipeline.calendar.override-poll-interval:2s}")
                                                       Duration pollInterval) {
        return new CalendarOverrideSyncLifecycle(new CalendarOverrideSync(dataSource, service, pollInterval, clock));
    }

    /** Starts the sync with the context (before the engine, so that the first schedule sees the overrides). */
    public static final class CalendarOverrideSyncLifecycle implements SmartLifecycle {
        private final CalendarOverrideSync sync;
        private volatile boolean running;

        CalendarOverrideSyncLifecycle(CalendarOverrideSync sync) {
            this.sync = sync;
        }

        @Override
        public synchronized void start() {
            if (!running) {
                sync.start();
                running = true;
            }
        }

        @Override
        public synchronized void stop() {
            if (running) {
                sync.stop();
                running = false;
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return -100;
        }
    }
}
