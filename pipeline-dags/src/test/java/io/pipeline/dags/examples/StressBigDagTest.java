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

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** stress_big_dag on the real engine: the layers asked for run, the rest are skipped, the mapped task expands. */
class StressBigDagTest {

    private static HikariDataSource db;
    private static final Dag DAG = new StressBigDag().define();

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(StressBigDagTest.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void is_a_manual_dag_of_five_thousand_layered_tasks_and_a_mapped_task() {
        assertThat(DAG.isScheduled()).isFalse();
        assertThat(DAG.params()).containsOnlyKeys("tasks", "mapped");
        assertThat(DAG.taskIds()).hasSize(StressBigDag.MAX_TASKS + 2);
        assertThat(DAG.upstream("t_001_49")).containsExactlyInAnyOrder("t_000_49", "t_000_00");
        assertThat(DAG.upstream("t_099_00")).containsExactlyInAnyOrder("t_098_00", "t_098_01");
        assertThat(DAG.task("mapped").isMapped()).isTrue();
    }

    @Test
    void runs_the_layers_asked_for_skips_the_rest_and_expands_the_mapped_task() {
        EngineTestDriver engine = EngineTestDriver.create(db, SettableClock.at("2026-03-02T15:00:00Z"), DAG);
        DagRunRow run = engine.trigger(StressBigDag.DAG_ID, "small", Map.of("tasks", 120, "mapped", 7));

        engine.settle();

        List<TaskInstanceRow> tis = engine.tis().all(StressBigDag.DAG_ID, run.runId());
        Map<TaskState, Long> layered = tis.stream().filter(t -> t.taskId().startsWith("t_"))
                .collect(Collectors.groupingBy(TaskInstanceRow::state, Collectors.counting()));
        // 120 tasks: three whole layers of 50
        assertThat(layered).containsOnly(Map.entry(TaskState.SUCCESS, 150L),
                Map.entry(TaskState.SKIPPED, (long) StressBigDag.MAX_TASKS - 150));
        assertThat(engine.state(run, "t_002_49")).isEqualTo(TaskState.SUCCESS);
        assertThat(engine.state(run, "t_003_00")).isEqualTo(TaskState.SKIPPED);
        assertThat(tis.stream().filter(t -> t.taskId().equals("mapped")))
                .extracting(TaskInstanceRow::mapIndex, TaskInstanceRow::state)
                .hasSize(7).allMatch(t -> t.toList().get(1) == TaskState.SUCCESS);
        assertThat(engine.runState(StressBigDag.DAG_ID, "small")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void no_mapped_instances_skip_the_mapped_task() {
        EngineTestDriver engine = EngineTestDriver.create(db, SettableClock.at("2026-03-03T15:00:00Z"), DAG);
        DagRunRow run = engine.trigger(StressBigDag.DAG_ID, "none", Map.of("tasks", 0, "mapped", 0));

        engine.settle();

        assertThat(engine.state(run, "mapped")).isEqualTo(TaskState.SKIPPED);
        assertThat(engine.state(run, "t_000_00")).isEqualTo(TaskState.SUCCESS);
        assertThat(engine.state(run, "t_001_00")).isEqualTo(TaskState.SKIPPED);
        assertThat(engine.runState(StressBigDag.DAG_ID, "none")).isEqualTo(DagRunState.SUCCESS);
    }
}
