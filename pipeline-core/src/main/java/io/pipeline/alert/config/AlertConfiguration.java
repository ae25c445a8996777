package io.pipeline.alert.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.alert.AlertComposer;
import io.pipeline.alert.AlertJsonModule;
import io.pipeline.alert.AlertMetrics;
import io.pipeline.alert.AlertQueries;
import io.pipeline.alert.AlertRules;
import io.pipeline.alert.AlertRunner;
import io.pipeline.alert.AlertSender;
import io.pipeline.alert.AlertSignal;
import io.pipeline.alert.AlertWriter;
import io.pipeline.alert.DashboardLinks;
import io.pipeline.alert.OutboxAlertListener;
import io.pipeline.alert.deadline.DagRunTableDates;
import io.pipeline.alert.deadline.DeadlineChecker;
import io.pipeline.alert.deadline.DeadlineStore;
import io.pipeline.alert.deadline.DeadlineTracker;
import io.pipeline.alert.deadline.RunDatesResolver;
import io.pipeline.alert.notify.Notifier;
import io.pipeline.alert.notify.UnconfiguredNotifier;
import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.calendar.Calendars;
import io.pipeline.dag.alert.CalendarLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

/**
 * Wires alerts for the application: {@code @Import(AlertConfiguration.class)}. Needs a DataSource and a
 * PlatformTransactionManager (the engine's); uses the application's Clock, MeterRegistry and CalendarRegistry when
 * present. The engine picks up {@link OutboxAlertListener} as a {@code StateChangeListener} bean; the DAG loader
 * fills {@link AlertRules}; the web layer uses {@link AlertQueries}, {@link DeadlineStore} and
 * {@link AlertSender#status()}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
public class AlertConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AlertConfiguration.class);

    /** The JSON form of alert events for the application's mapper (REST API); see {@link AlertJsonModule}. */
    @Bean
    AlertJsonModule alertJsonModule() {
        return new AlertJsonModule();
    }

    @Bean
    AlertSignal alertSignal() {
        return new AlertSignal();
    }

    @Bean
    AlertMetrics alertMetrics(ObjectProvider<MeterRegistry> registry) {
        return new AlertMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** A holder rather than a List bean, which Spring would confuse with a collection of Notifier beans. */
    public record AlertNotifiers(List<Notifier> all) {
    }

    @Bean(destroyMethod = "")
    AlertNotifiers alertNotifiers(AlertProperties properties, ObjectProvider<Clock> clock) {
        return new AlertNotifiers(Notifiers.from(properties, clock(clock)));
    }

    /**
     * Policies that name no notifier go to every configured one. "When configured" policies (the example DAGs') go
     * only to notifiers the configuration sets up, even wrongly, and not to the placeholder for a missing one.
     */
    @Bean
    AlertRules alertRules(AlertNotifiers notifiers) {
        return new AlertRules(notifiers.all().stream().map(Notifier::name).toList(),
                notifiers.all().stream().filter(n -> !(n instanceof UnconfiguredNotifier)).map(Notifier::name)
                        .toList());
    }

    @Bean
    AlertComposer alertComposer(@Value("${pipeline.ui.base-url:}") String baseUrl) {
        return new AlertComposer(new DashboardLinks(baseUrl));
    }

    @Bean
    AlertWriter alertWriter(DataSource dataSource, AlertRules rules, AlertSignal signal) {
        return new AlertWriter(dataSource, rules, signal);
    }

    @Bean
    DeadlineTracker deadlineTracker(DataSource dataSource, AlertRules rules, ObjectProvider<CalendarRegistry> calendars,
                                    AlertComposer composer, AlertWriter writer, AlertMetrics metrics) {
        CalendarRegistry registry = calendars.getIfAvailable();
        CalendarLookup lookup = registry != null ? registry::get : Calendars::get;
        return new DeadlineTracker(dataSource, rules, lookup, composer, writer, metrics);
    }

    @Bean
    OutboxAlertListener outboxAlertListener(DataSource dataSource, AlertRules rules, AlertComposer composer,
                                            AlertWriter writer, DeadlineTracker deadlines,
                                            ObjectProvider<RunDatesResolver> runDates) {
        return new OutboxAlertListener(dataSource, rules, composer, writer, deadlines,
                runDates.getIfAvailable(() -> new DagRunTableDates(dataSource)));
    }

    @Bean(destroyMethod = "close")
    AlertSender alertSender(DataSource dataSource, PlatformTransactionManager transactions,
                            AlertNotifiers notifiers, ObjectProvider<Clock> clock, AlertMetrics metrics,
                            AlertProperties properties) {
        AlertSender sender = new AlertSender(dataSource, transactions, notifiers.all(), clock(clock), metrics,
                properties.sender().settings());
        for (String problem : sender.configurationProblems()) {
            log.warn("Alerts: {}", problem);
        }
        return sender;
    }

    @Bean
    DeadlineChecker deadlineChecker(DataSource dataSource, PlatformTransactionManager transactions, AlertRules rules,
                                    AlertComposer composer, AlertWriter writer, AlertMetrics metrics,
                                    ObjectProvider<Clock> clock) {
        return new DeadlineChecker(dataSource, transactions, rules, composer, writer, metrics, clock(clock));
    }

    /** Started here unless {@code pipeline.alerts.enabled=false}; safe on every node (rows are claimed). */
    @Bean(destroyMethod = "stop")
    AlertRunner alertRunner(AlertSender sender, DeadlineChecker checker, AlertProperties properties,
                            ObjectProvider<Clock> clock, AlertSignal signal) {
        AlertRunner runner = new AlertRunner(List.of(
                new AlertRunner.Step("deliver alerts", sender::deliverDue),
                new AlertRunner.Step("check deadlines", checker::check)),
                properties.sender().pollInterval(), clock(clock), signal);
        if (properties.enabled()) {
            runner.start();
        }
        return runner;
    }

    @Bean
    AlertQueries alertQueries(DataSource dataSource, ObjectProvider<Clock> clock, AlertSignal signal) {
        return new AlertQueries(dataSource, clock(clock), signal);
    }

    @Bean
    DeadlineStore deadlineStore(DataSource dataSource) {
        return new DeadlineStore(dataSource);
    }

    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }
}
