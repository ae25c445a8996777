package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBag;
import io.pipeline.dag.DagDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StressHerdTest {

    private static List<DagDefinition> herd(Map<String, String> settings) {
        return new StressHerd(settings::get).definitions();
    }

    @Test
    void without_the_setting_it_defines_no_dag() {
        assertThat(herd(Map.of())).isEmpty();
    }

    @Test
    void defines_the_configured_number_of_twenty_task_dags_at_the_xnys_close() {
        DagBag bag = DagBag.of(herd(Map.of(StressHerd.COUNT_SETTING, "3",
                StressHerd.START_SETTING, "2026-12-07")));
        assertThat(bag.importErrors()).isEmpty();
        assertThat(bag.dags()).containsOnlyKeys("stress_herd_0000", "stress_herd_0001", "stress_herd_0002");
        Dag dag = bag.dag("stress_herd_0001");
        assertThat(dag.taskIds()).hasSize(20).contains("start", "work_00", "work_17", "end");
        assertThat(dag.isScheduled()).isTrue();
        assertThat(dag.upstream("end")).hasSize(StressHerd.WIDTH);
    }

    @Test
    void a_count_out_of_range_is_refused() {
        assertThatThrownBy(() -> herd(Map.of(StressHerd.COUNT_SETTING, "-1")))
                .hasMessageContaining(StressHerd.COUNT_SETTING);
    }
}
