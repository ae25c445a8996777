package io.pipeline.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunIdsTest {

    @Test
    void accepts_generated_and_airflow_style_ids() {
        assertThat(RunIds.problem(RunPlanner.manualRunId(Instant.parse("2024-05-01T04:00:00.123456Z")))).isNull();
        assertThat(RunIds.problem("backfill__2024-05-01T04:00:00+00:00")).isNull();
        assertThat(RunIds.problem("a~b@c.d_e-f")).isNull();
        assertThat(RunIds.problem("x".repeat(250))).isNull();
        assertThat(RunIds.problem(null)).as("null: the service generates one").isNull();
    }

    @Test
    void refuses_empty_long_and_odd_ids_naming_the_rule() {
        assertThat(RunIds.problem("has spaces")).isEqualTo("invalid dag_run_id 'has spaces': use 1 to 250"
                + " characters of letters, digits and . _ : + ~ @ -");
        assertThat(RunIds.problem("")).startsWith("invalid dag_run_id ''");
        assertThat(RunIds.problem("x".repeat(251))).contains("x".repeat(60) + "...'");
        assertThat(RunIds.problem("a/b")).isNotNull();
        assertThat(RunIds.problem("line\nforged")).contains("'line\\nforged'").doesNotContain("\n");
        assertThatThrownBy(() -> RunIds.check("has spaces")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(RunIds.problem("has spaces"));
    }
}
