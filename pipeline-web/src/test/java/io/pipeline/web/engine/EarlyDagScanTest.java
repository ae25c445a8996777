package io.pipeline.web.engine;

import io.pipeline.dag.Dag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DAG scan begun when the environment is known is the one the context's {@code scannedDags} bean gets. */
class EarlyDagScanTest {

    @Test
    void the_scan_begun_with_the_environment_is_registered_for_the_context_and_finds_what_a_scan_now_finds() {
        SpringApplication app = new SpringApplication();
        StandardEnvironment env = new StandardEnvironment();
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(env, "pipeline.load-examples=false");
        EarlyDagScan listener = new EarlyDagScan();
        listener.onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), app,
                new String[0], env));
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            listener.onApplicationEvent(new ApplicationPreparedEvent(app, new String[0], context));

            EarlyDagScan.Started started = context.getBeanFactory().getBean(EarlyDagScan.BEAN, EarlyDagScan.Started.class);
            assertThat(started.loadExamples()).isFalse();
            assertThat(started.result(true)).as("begun without the examples: not used when they are asked for")
                    .isNull();
            DagScanner.ScannedDags now = DagScanner.scan(DagScanner.DEFAULT_PACKAGE, getClass().getClassLoader(),
                    false);
            assertThat(started.result(false).dags()).extracting(Dag::dagId)
                    .isNotEmpty()
                    .containsExactlyElementsOf(now.dags().stream().map(Dag::dagId).toList())
                    .noneMatch(id -> id.startsWith("example_"));
        }
    }

    @Test
    void a_scan_that_failed_on_its_thread_fails_the_bean_that_takes_it() {
        IllegalStateException failure = new IllegalStateException("the class path cannot be read");
        EarlyDagScan.Started started = new EarlyDagScan.Started(true, CompletableFuture.failedFuture(failure));

        assertThatThrownBy(() -> started.result(true)).isSameAs(failure);
    }
}
