package io.pipeline.web.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.EngineMetrics;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.engine.StateRecorder;
import io.pipeline.ops.AuditQuery;
import io.pipeline.ops.BackfillService;
import io.pipeline.ops.DbClean;
import io.pipeline.ops.Operations;
import io.pipeline.store.Stores;
import io.pipeline.web.config.NodeRole;
import io.pipeline.web.config.PipelineProperties;
import io.pipeline.web.config.RetentionProperties;
import io.pipeline.web.engine.EngineLifecycle;
import io.pipeline.web.engine.EngineTransactions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The operations services (pipeline-core {@code io.pipeline.ops}) for the API, the UI and the CLI, on the engine's
 * transaction manager; state changes go to the same listeners (alerts) as the engine's own, and every change wakes
 * this node's scheduler. Also the API's request-body cap.
 */
@Configuration
public class OpsConfiguration {

    @Bean
    Operations operations(Stores stores, EngineTransactions transactions, Clock clock, DagRegistry registry,
                          DagRunService dagRuns, ObjectProvider<StateChangeListener> listeners, MeterRegistry meters,
                          EngineLifecycle engine) {
        return new Operations(stores, transactions.template(), clock, registry, dagRuns,
                recorder(listeners, meters), engine::wake);
    }

    @Bean
    BackfillService backfillService(Stores stores, EngineTransactions transactions, Clock clock,
                                    DagRegistry registry, ObjectProvider<StateChangeListener> listeners,
                                    MeterRegistry meters, EngineLifecycle engine) {
        return new BackfillService(stores, transactions.template(), clock, registry,
                recorder(listeners, meters), engine::wake);
    }

    @Bean
    DbClean dbClean(DataSource dataSource, EngineTransactions transactions, Clock clock) {
        return new DbClean(dataSource, transactions.template(), clock);
    }

    /** The daily retention clean, on scheduler nodes, when {@code pipeline.retention.max-age} is set. */
    @Bean
    @ConditionalOnProperty("pipeline.retention.max-age")
    RetentionClean retentionClean(DbClean clean, RetentionProperties retention, Clock clock,
                                  PipelineProperties properties) {
        return new RetentionClean(clean, retention, clock,
                properties.node().has(NodeRole.SCHEDULER));
    }

    @Bean
    AuditQuery auditQuery(Stores stores) {
        return new AuditQuery(stores.jdbc());
    }

    /** Bodies of API requests above {@code pipeline.api.max-body-bytes} (default 1 MiB) are refused with 413. */
    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(
            @Value("${pipeline.api.max-body-bytes:1048576}") int maxBytes) {
        FilterRegistrationBean<RequestSizeLimitFilter> bean = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(maxBytes));
        bean.addUrlPatterns("/api/*");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    private static StateRecorder recorder(ObjectProvider<StateChangeListener> listeners, MeterRegistry meters) {
        return new StateRecorder(listeners.orderedStream().toList(), new EngineMetrics(meters));
    }
}
