package io.pipeline.store;

import io.pipeline.state.DagRunStateRollup;
import io.pipeline.state.TaskState;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's roll-up asks the database two questions ({@link SchedulingRepository#hasUnfinished},
 * {@link SchedulingRepository#anyLeafFailed}) and decides with {@link DagRunStateRollup}; here the SQL is held to the
 * Java rule for every TI state, as a leaf and as an inner task.
 */
class RollUpSqlTest {

    static JdbcClient jdbc;
    static SchedulingRepository repo;
    static int runs;

    @BeforeAll
    static void database() {
        jdbc = JdbcClient.create(TestDatabase.migratedDatabase(RollUpSqlTest.class.getSimpleName(), 2));
        repo = Stores.create(jdbc).scheduling();
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES ('d', now(), now())").update();
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void the_sql_rolls_up_a_leaf_in_each_state_as_the_java_rule(TaskState state) {
        long run = runWith("leaf", state, "inner", TaskState.SUCCESS);
        assertThat(sqlRollUp(run)).isEqualTo(DagRunStateRollup.rollUp(List.of(state, TaskState.SUCCESS),
                List.of(state)));
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void the_sql_rolls_up_an_inner_task_in_each_state_as_the_java_rule(TaskState state) {
        long run = runWith("leaf", TaskState.SKIPPED, "inner", state);
        assertThat(sqlRollUp(run)).isEqualTo(DagRunStateRollup.rollUp(List.of(TaskState.SKIPPED, state),
                List.of(TaskState.SKIPPED)));
    }

    /** The index as the latest migration that (re)creates it defines it (V1, rebuilt with 'deferred' in V100). */
    @Test
    void the_unfinished_states_are_the_predicate_of_index_ti_unfinished() throws IOException {
        Path migrations = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("db/migration");
        Path latest;
        try (var files = Files.list(migrations)) {
            latest = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .filter(f -> read(f).contains("CREATE INDEX ti_unfinished"))
                    .max(java.util.Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().substring(1).split("__")[0])))
                    .orElseThrow();
        }
        String ddl = Files.readString(latest).replaceAll("\\s+", " ");
        assertThat(ddl).contains("CREATE INDEX ti_unfinished ON task_instance (run_pk, task_id) WHERE state IN "
                + SchedulingRepository.UNFINISHED + ";");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static io.pipeline.state.DagRunState sqlRollUp(long run) {
        return DagRunStateRollup.rollUp(repo.hasUnfinished(run), repo.anyLeafFailed(run, List.of("leaf")));
    }

    private static long runWith(String task1, TaskState state1, String task2, TaskState state2) {
        long run = jdbc.sql("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                    data_interval_end, run_after, created_at, updated_at)
                VALUES ('d', :id, 'manual', 'running', now() + make_interval(days => :n), now(), now(), now(),
                        now(), now()) RETURNING id""")
                .param("id", "r" + (++runs)).param("n", runs).query(Long.class).single();
        for (var ti : List.of(java.util.Map.entry(task1, state1), java.util.Map.entry(task2, state2))) {
            jdbc.sql("""
                    INSERT INTO task_instance (run_pk, dag_id, task_id, map_index, state, try_number, max_tries,
                        updated_at)
                    VALUES (:run, 'd', :task, -1, :state, 1, 1, now())""")
                    .param("run", run).param("task", ti.getKey()).param("state", ti.getValue().value()).update();
        }
        return run;
    }
}
