package io.pipeline.task.spark;

import io.pipeline.task.io.TestTaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The process side of SparkSubmit with a Spark installation whose bin/spark-submit is a shell script: output into
 * the try's log, the driver's error in the failure, and an interrupt that stops grandchildren too (as
 * spark-submit's launcher starts a JVM). A real Spark runs in pipeline-spark's tests.
 */
class SparkSubmitProcessTest {

    @TempDir
    Path sparkHome;

    private SparkRuntime installation(String script) throws Exception {
        Path submit = Files.createDirectories(sparkHome.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, "#!/bin/sh\n" + script);
        assertThat(submit.toFile().setExecutable(true)).isTrue();
        return SparkRuntime.home(sparkHome);
    }

    @Test
    void a_driver_that_exits_non_zero_fails_with_the_exception_that_ended_main() throws Exception {
        SparkRuntime rt = installation("""
                echo "args: $*"
                echo "26/12/06 03:00:00 ERROR SparkContext: Error initializing SparkContext." >&2
                echo 'Exception in thread "main" java.lang.IllegalStateException: no bars for 2026-11-18' >&2
                printf '\\tat com.acme.Etl.main(Etl.java:10)\\n' >&2
                exit 3
                """);
        TestTaskContext ctx = TestTaskContext.create();

        assertThatThrownBy(() -> SparkSubmit.builder(rt, "local[1]", "app.jar").mainClass("com.acme.Etl")
                .driverMemory("512m").args("--x", "1").build().execute(ctx))
                .isInstanceOfSatisfying(SparkSubmitException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessage("Spark application com.acme.Etl failed on local[1] (spark-submit exit code 3): "
                        + "java.lang.IllegalStateException: no bars for 2026-11-18");
        assertThat(ctx.recorded().text()).contains(
                "spark: args: --driver-memory 512m --master local[1] --name com.acme.Etl --class com.acme.Etl app.jar --x 1",
                "spark: \tat com.acme.Etl.main(Etl.java:10)");
    }

    @Test
    void interrupting_the_try_stops_spark_submit_and_the_processes_it_started() throws Exception {
        SparkRuntime rt = installation("""
                sleep 300 &
                echo "child $!"
                wait
                """);
        TestTaskContext ctx = TestTaskContext.create();
        SparkSubmit task = SparkSubmit.builder(rt, "local[1]", "app.jar").killGrace(Duration.ofSeconds(2)).build();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                task.execute(ctx);
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        long child = Long.parseLong(ctx.recorded().awaitLine("spark: child ", Duration.ofSeconds(20)).replaceAll(".*child (\\d+).*", "$1"));
        assertThat(ProcessHandle.of(child)).isPresent();

        worker.interrupt();
        worker.join(Duration.ofSeconds(15));

        assertThat(worker.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ctx.recorded().text()).contains("and its child processes stopped");
    }
}
