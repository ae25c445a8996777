package io.pipeline.task.spark;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.engine.TryOutcome;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.testing.Await;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SparkSubmit under the engine: an execution timeout and a clear of the running try stop spark-submit and what it
 * started. spark-submit is a script of a Spark installation made for the test that starts a long-running child.
 */
class SparkSubmitEngineTest {

    static DataSource ds;

    @TempDir
    Path sparkHome;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(SparkSubmitEngineTest.class);
    }

    @AfterAll
    static void close() throws Exception {
        ((AutoCloseable) ds).close();
    }

    /** A Spark installation whose spark-submit starts a child that would run for 5 minutes, and writes its pid. */
    private SparkSubmit submit() throws Exception {
        Path submit = Files.createDirectories(sparkHome.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, "#!/bin/sh\nsleep 300 &\necho $! > " + sparkHome.resolve("child.pid") + "\nwait\n");
        assertThat(submit.toFile().setExecutable(true)).isTrue();
        return SparkSubmit.builder(SparkRuntime.home(sparkHome), "local[1]", "app.jar").killGrace(Duration.ofSeconds(2))
                .build();
    }

    private EngineTestDriver driver(String id, UnaryOperator<TaskRef> settings) throws Exception {
        SparkSubmit task = submit();
        Dag dag = DagBuilder.dag(id).tasks(g -> settings.apply(g.task("aggregate", task))).build();
        return EngineTestDriver.create(ds, SettableClock.at("2026-11-20T12:00:00Z"), dag);
    }

    /** The pid of the child spark-submit started, once it has started. */
    private long awaitChild() throws Exception {
        Path pidFile = sparkHome.resolve("child.pid");
        Await.until(Duration.ofSeconds(20), "spark-submit to start its child", () -> {
            try {
                return Files.exists(pidFile) && !Files.readString(pidFile).isBlank();
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    @Test
    void an_execution_timeout_stops_spark_submit_and_its_children() throws Exception {
        EngineTestDriver d = driver("spark_slow", t -> t.executionTimeout(Duration.ofSeconds(2)));
        DagRunRow run = d.trigger("spark_slow");

        d.settle();

        long child = awaitChild(); // written while the try ran
        TaskInstanceRow ti = d.ti(run, "aggregate", -1);
        assertThat(ti.state()).isEqualTo(TaskState.FAILED);
        assertThat(ti.failureReason()).contains("execution timeout");
        assertThat(d.log(run, "aggregate", -1, 1)).contains("and its child processes stopped");
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).as("the child of spark-submit").isEmpty();
    }

    @Test
    void clearing_a_running_try_stops_spark_submit_and_its_children() throws Exception {
        EngineTestDriver d = driver("spark_clear", t -> t);
        Operations ops = new Operations(d.parts().stores(), d.parts().tx(), d.parts().clock(), d.registry(), d.runs(),
                d.parts().recorder(), null);
        DagRunRow run = d.trigger("spark_clear");
        d.tick();
        ClaimedTi claimed = d.claim(1).getFirst();
        ExecutorService node = Executors.newSingleThreadExecutor();
        try {
            Future<TryOutcome> body = node.submit(() -> d.parts().runner().run(claimed));
            long child = awaitChild();
            assertThat(ProcessHandle.of(child)).isPresent();

            ops.clear(ClearRequest.of("spark_clear", TaskScope.ids("aggregate"), RunScope.run(run.runId())),
                    Actor.api("alice"));
            d.parts().newHeartbeater().beat();

            TryOutcome outcome = body.get(20, TimeUnit.SECONDS);
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.log()).contains("and its child processes stopped");
            assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).as("the child of spark-submit").isEmpty();
            d.parts().running().finished(claimed);
            assertThat(d.state(run, "aggregate")).isEqualTo(TaskState.NONE);
        } finally {
            node.shutdownNow();
        }
    }
}
