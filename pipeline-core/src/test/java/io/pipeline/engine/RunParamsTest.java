package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.ParamValidationException;
import io.pipeline.store.ClaimedTi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunParamsTest {
    private final RunParams runParams = new RunParams(new XComCodec());
    private final Dag dag = DagBuilder.dag("p")
            .params(ParamSpec.integer("width").withDefault(3), ParamSpec.array("symbols"))
            .tasks(g -> g.task("a", ctx -> null)).build();

    @Test
    void scalarParamsAreReadOncePerRunAndCannotBeChanged() {
        Map<String, Object> first = runParams.of(ti(1, "{\"width\": 7}"), dag);
        Map<String, Object> again = runParams.of(ti(1, "{\"width\": 7}"), dag);
        assertThat(first).containsExactly(Map.entry("width", 7));
        assertThat(again).isSameAs(first);
        assertThatThrownBy(() -> first.put("width", 8)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(runParams.of(ti(2, null), dag)).containsExactly(Map.entry("width", 3));
    }

    @Test
    void anotherConfOrDefinitionIsReadAnew() {
        Map<String, Object> first = runParams.of(ti(1, "{\"width\": 7}"), dag);
        assertThat(runParams.of(ti(1, "{\"width\": 9}"), dag)).containsEntry("width", 9);
        Dag changed = DagBuilder.dag("p").params(ParamSpec.integer("width").withDefault(4), ParamSpec.integer("depth")
                .withDefault(1)).tasks(g -> g.task("a", ctx -> null)).build();
        assertThat(runParams.of(ti(1, "{\"width\": 7}"), changed)).isNotSameAs(first)
                .containsEntry("width", 7).containsEntry("depth", 1);
    }

    @Test
    void paramsHoldingListsAreNotShared() {
        Map<String, Object> a = runParams.of(ti(1, "{\"symbols\": [\"AAPL\"]}"), dag);
        Map<String, Object> b = runParams.of(ti(1, "{\"symbols\": [\"AAPL\"]}"), dag);
        assertThat(a).isEqualTo(b).isNotSameAs(b);
        assertThat(a.get("symbols")).isEqualTo(List.of("AAPL"));
        assertThat(runParams.size()).isZero();
    }

    @Test
    void invalidParamsAreRefusedEveryTime() {
        assertThatThrownBy(() -> runParams.of(ti(1, "{\"width\": \"wide\"}"), dag))
                .isInstanceOf(ParamValidationException.class).hasMessageContaining("width");
        assertThatThrownBy(() -> runParams.of(ti(1, "{\"width\": \"wide\"}"), dag))
                .isInstanceOf(ParamValidationException.class);
        assertThat(runParams.size()).isZero();
    }

    @Test
    void boundedByRuns() {
        for (int run = 0; run < RunParams.MAX_RUNS + 5; run++) {
            runParams.of(ti(run, "{}"), dag);
        }
        assertThat(runParams.size()).isLessThanOrEqualTo(RunParams.MAX_RUNS);
    }

    private static ClaimedTi ti(long runPk, String conf) {
        Instant t = Instant.parse("2026-11-20T14:00:00Z");
        return new ClaimedTi(10, 1, runPk, "p", "manual__1", "manual", t, t, t, null, conf, "a", -1, 1, 1, t, t,
                null, null, "node-a");
    }
}
