package io.pipeline.engine;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task log lines reach the application log (logger {@code pipeline.task}) with the run, task and try ids in the MDC,
 * masked like the stored log; the thread's MDC carries the same ids while the task body runs, and not after.
 */
class TaskLogMdcTest {

    static DataSource ds;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger taskLogger = (Logger) LoggerFactory.getLogger(TryLog.APP_LOGGER);

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(TaskLogMdcTest.class);
    }

    @BeforeEach
    void capture() {
        appender.start();
        taskLogger.addAppender(appender);
    }

    @AfterEach
    void release() {
        taskLogger.detachAppender(appender);
    }

    @Test
    void task_lines_carry_dag_run_task_and_try_ids_in_the_mdc_and_are_masked() {
        Map<String, String> seenInBody = new ConcurrentHashMap<>();
        Dag dag = DagBuilder.dag("mdc_dag").tasks(g -> g.task("flaky", ctx -> {
            seenInBody.putAll(MDC.getCopyOfContextMap());
            ctx.log().info("calling the vendor with key s3cr3t-value-123");
            if (seenInBody.get(TryMdc.TRY_NUMBER).equals("1")) {
                throw new IllegalStateException("first try fails");
            }
            return 1;
        }).retries(1).retryDelay(java.time.Duration.ofSeconds(1))).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-04-01T09:00:00Z"), dag);
        d.masker().register("s3cr3t-value-123");
        DagRunRow run = d.trigger("mdc_dag");

        d.settle();
        d.advance(java.time.Duration.ofSeconds(2));
        d.settle();

        assertThat(d.state(run, "flaky")).isEqualTo(TaskState.SUCCESS);
        List<ILoggingEvent> vendorLines = appender.list.stream()
                .filter(e -> e.getFormattedMessage().startsWith("calling the vendor")).toList();
        assertThat(vendorLines).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ILoggingEvent e = vendorLines.get(i);
            assertThat(e.getFormattedMessage()).isEqualTo("calling the vendor with key ***");
            assertThat(e.getMDCPropertyMap()).containsEntry(TryMdc.DAG_ID, "mdc_dag")
                    .containsEntry(TryMdc.RUN_ID, run.runId())
                    .containsEntry(TryMdc.TASK_ID, "flaky")
                    .containsEntry(TryMdc.TRY_NUMBER, Integer.toString(i + 1))
                    .doesNotContainKey(TryMdc.MAP_INDEX);
        }
        assertThat(appender.list).anySatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("ERROR");
            assertThat(e.getFormattedMessage()).startsWith("task failed").contains("first try fails");
            assertThat(e.getMDCPropertyMap()).containsEntry(TryMdc.TRY_NUMBER, "1");
        });
        assertThat(seenInBody).containsEntry(TryMdc.RUN_ID, run.runId()).containsEntry(TryMdc.TRY_NUMBER, "2");
        assertThat(MDC.get(TryMdc.RUN_ID)).as("the test thread's MDC after the tries").isNull();
    }
}
