package io.pipeline.task.io;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyTemplateTest {

    @Test
    void fills_session_run_and_param_placeholders() {
        var ctx = TestTaskContext.create().dag("nightly").run("scheduled__x").session(LocalDate.parse("2026-11-20"))
                .param("vendor", "acme");

        assertThat(KeyTemplate.of("vendor/{param.vendor}/{session}/fund_{ds_nodash}.csv").render(ctx))
                .isEqualTo("vendor/acme/2026-11-20/fund_20261120.csv");
        assertThat(KeyTemplate.of("{dag_id}/{run_id}/{task_id}").render(ctx)).isEqualTo("nightly/scheduled__x/test_task");
    }

    @Test
    void uses_the_logical_date_when_the_run_has_no_session() {
        var ctx = TestTaskContext.create().session(null).logicalDate(java.time.Instant.parse("2026-03-01T05:00:00Z"));

        assertThat(KeyTemplate.of("raw/{session}/x").render(ctx)).isEqualTo("raw/2026-03-01/x");
    }

    @Test
    void names_an_unknown_placeholder() {
        assertThatThrownBy(() -> KeyTemplate.of("a/{sesion}/b").render(TestTaskContext.create()))
                .hasMessageContaining("unknown placeholder {sesion}");
    }

    @Test
    void names_a_missing_param() {
        assertThatThrownBy(() -> KeyTemplate.of("a/{param.vendor}").render(TestTaskContext.create()))
                .hasMessageContaining("param 'vendor' is not set");
    }
}
