package io.pipeline.web.ui;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.alert.AlertSender;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.EngineMetrics;
import io.pipeline.engine.NodeRegistry;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.engine.StateRecorder;
import io.pipeline.engine.WhyNotRunning;
import io.pipeline.ops.AuditQuery;
import io.pipeline.ops.BackfillService;
import io.pipeline.ops.Operations;
import io.pipeline.store.DashboardQueries;
import io.pipeline.store.Stores;
import io.pipeline.web.engine.EngineLifecycle;
import io.pipeline.web.engine.EngineTransactions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.spring6.SpringTemplateEngine;

import java.time.Clock;
import java.util.List;

/**
 * The dashboard's services. The operations (trigger, clear, mark, pause, delete, backfill) are the same services the
 * API and the CLI use: the application's beans when it has them, else instances built here the same way, announcing
 * state changes to the same listeners and waking the same engine. They are held in dashboard-only types so that
 * they never compete with the application's own beans of those types.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class UiConfiguration {

    /** The backfill service, as the dashboard uses it. */
    public record UiBackfills(BackfillService service) {
    }

    @Bean
    DashboardQueries dashboardQueries(Stores stores) {
        return stores.dashboard();
    }

    @Bean
    WhyNotRunningText whyNotRunning(Stores stores, DagRegistry registry, Clock clock, NodeRegistry nodes) {
        return new WhyNotRunningText(new WhyNotRunning(registry, nodes, stores, clock));
    }

    @Bean
    UiOps uiOps(ObjectProvider<Operations> operations, Stores stores, EngineTransactions transactions,
                Clock clock, DagRegistry registry, DagRunService dagRuns, ObjectProvider<StateChangeListener> listeners,
                MeterRegistry meters, EngineLifecycle engine) {
        Operations ops = operations.getIfUnique(() -> new Operations(stores, transactions.template(), clock, registry,
                dagRuns, recorder(listeners, meters), engine::wake));
        return new UiOps(ops, new AuditQuery(stores.jdbc()));
    }

    @Bean
    UiBackfills uiBackfills(ObjectProvider<BackfillService> backfills, Stores stores,
                            EngineTransactions transactions, Clock clock, DagRegistry registry,
                            ObjectProvider<StateChangeListener> listeners, MeterRegistry meters,
                            EngineLifecycle engine) {
        return new UiBackfills(backfills.getIfUnique(() -> new BackfillService(stores,
                transactions.template(), clock, registry, recorder(listeners, meters), engine::wake)));
    }

    @Bean
    DagPages dagPages(DagRegistry registry, DashboardQueries queries, ObjectProvider<AlertSender> alerts) {
        return new DagPages(registry, queries, () -> {
            AlertSender sender = alerts.getIfAvailable();
            return sender == null ? List.of() : sender.configurationProblems();
        });
    }

    /**
     * Compiles the templates' SpEL expressions to bytecode: the DAG list repeats a dozen expressions per DAG, and
     * interpreted SpEL made 500 rows take several times the page's budget.
     */
    @Bean
    static BeanPostProcessor compiledTemplateExpressions() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof SpringTemplateEngine engine) {
                    engine.setEnableSpringELCompiler(true);
                }
                return bean;
            }
        };
    }

    private static StateRecorder recorder(ObjectProvider<StateChangeListener> listeners, MeterRegistry meters) {
        return new StateRecorder(List.copyOf(listeners.orderedStream().toList()), new EngineMetrics(meters));
    }
}
