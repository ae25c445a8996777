package io.pipeline.dags.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.dag.Dag;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** stress_fanout on the real engine, driven step by step: the fan-out follows its params and the join checks it. */
class StressFanoutTest {

    private static HikariDataSource db;
    private static final Dag DAG = new StressFanout().define();

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(StressFanoutTest.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void is_triggered_by_hand_only_with_width_and_sleep_params() {
        assertThat(DAG.isScheduled()).isFalse();
        assertThat(DAG.params()).containsOnlyKeys("width", "sleep_ms");
        assertThat(DAG.params().get("width").defaultValue()).isEqualTo(StressFanout.DEFAULT_WIDTH);
        assertThat(DAG.params().get("sleep_ms").defaultValue()).isEqualTo(StressFanout.DEFAULT_SLEEP_MS);
        assertThat(DAG.task("work").isMapped()).isTrue();
        assertThat(DAG.upstream("join")).containsExactly("work");
        assertThat(DAG.task("work").retryPolicy().retries()).as("a try lost with its node is retried").isEqualTo(2);
    }

    @Test
    void fans_out_to_width_instances_and_joins_them_all() {
        EngineTestDriver engine = EngineTestDriver.create(db, SettableClock.at("2026-03-02T15:00:00Z"), DAG);
        DagRunRow run = engine.trigger(StressFanout.DAG_ID, "width_37", Map.of("width", 37, "sleep_ms", 2));

        engine.settle();

        List<TaskInstanceRow> work = engine.tis().all(StressFanout.DAG_ID, run.runId()).stream()
                .filter(ti -> ti.taskId().equals("work")).toList();
        assertThat(work).hasSize(37).allSatisfy(ti -> {
            assertThat(ti.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(ti.tryNumber()).isEqualTo(1);
        });
        assertThat(work).extracting(TaskInstanceRow::mapIndex).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 37).boxed().toList());
        assertThat(engine.log(run, "join", -1, 1)).contains("all 37 instances delivered");
        assertThat(engine.runState(StressFanout.DAG_ID, "width_37")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void runs_with_the_default_params_when_the_conf_gives_none() {
        EngineTestDriver engine = EngineTestDriver.create(db, SettableClock.at("2026-03-02T16:00:00Z"), DAG);
        DagRunRow run = engine.trigger(StressFanout.DAG_ID, "defaults", Map.of());

        engine.settle();

        assertThat(engine.log(run, "start", -1, 1))
                .contains("fanning out to " + StressFanout.DEFAULT_WIDTH + " instances sleeping "
                        + StressFanout.DEFAULT_SLEEP_MS + " ms each");
        assertThat(engine.runState(StressFanout.DAG_ID, "defaults")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_width_out_of_range_fails_the_start_task_naming_the_param() {
        EngineTestDriver engine = EngineTestDriver.create(db, SettableClock.at("2026-03-02T17:00:00Z"), DAG);
        DagRunRow run = engine.trigger(StressFanout.DAG_ID, "width_0", Map.of("width", 0));

        engine.settle();
        assertThat(engine.state(run, "start")).isEqualTo(TaskState.UP_FOR_RETRY);
        for (int retry = 0; retry < 2; retry++) {
            engine.advance(Duration.ofSeconds(1));
            engine.settle();
        }

        assertThat(engine.state(run, "start")).isEqualTo(TaskState.FAILED);
        assertThat(engine.ti(run, "start", -1).tryNumber()).isEqualTo(3);
        assertThat(engine.log(run, "start", -1, 3)).contains("param 'width' of stress_fanout must be 1..100000, got 0");
        assertThat(engine.state(run, "join")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(engine.runState(StressFanout.DAG_ID, "width_0")).isEqualTo(DagRunState.FAILED);
    }
}
