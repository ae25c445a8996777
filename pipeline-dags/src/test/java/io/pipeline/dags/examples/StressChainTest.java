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

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** stress_chain on the real engine: `length` links run one after the other and the rest are skipped. */
class StressChainTest {

    private static HikariDataSource db;
    private static final Dag DAG = new StressChain().define();

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(StressChainTest.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void is_a_manual_chain_of_the_maximum_length() {
        assertThat(DAG.isScheduled()).isFalse();
        assertThat(DAG.params()).containsOnlyKeys("length");
        assertThat(DAG.taskIds()).hasSize(StressChain.MAX_LENGTH);
        assertThat(DAG.upstream(StressChain.linkId(1))).containsExactly(StressChain.linkId(0));
        assertThat(DAG.upstream(StressChain.linkId(999))).containsExactly(StressChain.linkId(998));
    }

    @Test
    void runs_length_links_in_order_and_skips_the_rest() {
        EngineTestDriver engine = EngineTestDriver.create(db, SettableClock.at("2026-03-02T15:00:00Z"), DAG);
        DagRunRow run = engine.trigger(StressChain.DAG_ID, "length_25", Map.of("length", 25));

        engine.settle();

        Map<String, TaskInstanceRow> tis = engine.tis().all(StressChain.DAG_ID, run.runId()).stream()
                .collect(Collectors.toMap(TaskInstanceRow::taskId, Function.identity()));
        for (int i = 0; i < StressChain.MAX_LENGTH; i++) {
            TaskState expected = i < 25 ? TaskState.SUCCESS : TaskState.SKIPPED;
            assertThat(tis.get(StressChain.linkId(i)).state()).as(StressChain.linkId(i)).isEqualTo(expected);
        }
        assertThat(engine.runState(StressChain.DAG_ID, "length_25")).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_length_out_of_range_fails_the_first_link_naming_the_param() {
        EngineTestDriver engine = EngineTestDriver.create(db, SettableClock.at("2026-03-02T16:00:00Z"), DAG);
        DagRunRow run = engine.trigger(StressChain.DAG_ID, "too_long", Map.of("length", 1001));

        engine.settle();

        assertThat(engine.log(run, StressChain.linkId(0), -1, 1)).contains("param 'length' of stress_chain must be 1..1000");
        assertThat(engine.runState(StressChain.DAG_ID, "too_long")).isEqualTo(DagRunState.FAILED);
    }
}
