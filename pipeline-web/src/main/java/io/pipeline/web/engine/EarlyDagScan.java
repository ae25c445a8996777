package io.pipeline.web.engine;

import io.pipeline.web.config.BackgroundWork;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

import java.util.concurrent.CompletableFuture;

/**
 * Starts the scan of the DAGs (finding the classes, building every definition) as soon as the environment is known,
 * on a thread of its own, so that it runs while Spring prepares the context, the embedded PostgreSQL starts and
 * Flyway migrates; the {@code scannedDags} bean then takes its result ({@link #result(boolean)}) instead of scanning
 * on the main thread. Registered in {@code spring.factories}, so the service, the CLI and tests behave alike; a
 * context without the engine's beans leaves the result unused.
 */
public final class EarlyDagScan implements SmartApplicationListener {

    /** The bean under which the started scan is registered. */
    public static final String BEAN = "earlyDagScan";

    private Started started;

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationPreparedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        switch (event) {
            case ApplicationEnvironmentPreparedEvent e -> {
                boolean loadExamples = Binder.get(e.getEnvironment()).bind("pipeline.load-examples", Boolean.class)
                        .orElse(true);
                ClassLoader loader = EarlyDagScan.class.getClassLoader();
                CompletableFuture<DagScanner.ScannedDags> scan = new CompletableFuture<>();
                Thread scanner = new Thread(() -> {
                    try {
                        scan.complete(DagScanner.scan(DagScanner.DEFAULT_PACKAGE, loader, loadExamples));
                    } catch (RuntimeException | Error failed) {
                        scan.completeExceptionally(failed);
                    }
                }, "dag-scan");
                scanner.setDaemon(true);
                scanner.start();
                started = new Started(loadExamples, scan);
            }
            case ApplicationPreparedEvent e -> {
                ConfigurableListableBeanFactory beans = e.getApplicationContext().getBeanFactory();
                if (started != null && !beans.containsSingleton(BEAN)) {
                    beans.registerSingleton(BEAN, started);
                }
            }
            default -> { }
        }
    }

    /** A scan begun early, with the {@code pipeline.load-examples} it was begun with. */
    public record Started(boolean loadExamples, CompletableFuture<DagScanner.ScannedDags> scan) {

        /**
         * The scan's result when it was begun with the same {@code loadExamples}; else null (the caller scans).
         * A failure of the scan is thrown as it was thrown on the scan's thread.
         */
        public DagScanner.ScannedDags result(boolean loadExamples) {
            if (loadExamples != this.loadExamples) {
                return null;
            }
            return BackgroundWork.await(scan);
        }
    }
}
