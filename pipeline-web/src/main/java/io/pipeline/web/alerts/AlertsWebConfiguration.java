package io.pipeline.web.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.alert.AlertQueries;
import io.pipeline.alert.AlertRunner;
import io.pipeline.alert.AlertSender;
import io.pipeline.alert.config.AlertConfiguration;
import io.pipeline.alert.config.AlertProperties;
import io.pipeline.engine.DagRegistry;
import io.pipeline.ops.AuditLog;
import io.pipeline.web.api.HealthController;
import io.pipeline.web.engine.EngineTransactions;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Alerts and monitoring in the application: the alert beans ({@link AlertConfiguration}; the DAG loader registers
 * each DAG's policies), the alerts API's services, the health components {@code scheduler} and {@code alerts}, and
 * the landing-time meters (a state-change listener, so every recorder of run states feeds it). Only in the
 * service: CLI contexts scan this package too but have no HTTP side.
 */
@Configuration
@Import(AlertConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AlertsWebConfiguration {

    @Bean
    AlertHealth alertHealth(AlertRunner runner, AlertSender sender, AlertProperties properties, Clock clock) {
        return new AlertHealth(runner, sender, properties.enabled(), clock);
    }

    @Bean
    AlertResends alertResends(AlertQueries queries, EngineTransactions transactions, DataSource dataSource,
                              Clock clock) {
        return new AlertResends(queries, transactions.template(), new AuditLog(JdbcClient.create(dataSource), clock));
    }

    @Bean
    LandingTimeMetrics landingTimeMetrics(DagRegistry registry, MeterRegistry meters) {
        return new LandingTimeMetrics(registry, meters);
    }

    /** Component {@code alerts} of {@code /actuator/health}. */
    @Bean
    HealthIndicator alertsHealthIndicator(AlertHealth alerts) {
        return new AlertSenderHealthIndicator(alerts);
    }

    /** Component {@code scheduler} of {@code /actuator/health}. */
    @Bean
    HealthIndicator schedulerHealthIndicator(HealthController api) {
        return new SchedulerHealthIndicator(api);
    }
}
